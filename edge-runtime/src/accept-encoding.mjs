// Reads CloudFront's (normalised) Accept-Encoding request header.

/** The content codings the viewer accepts, lower-cased; codings refused with q=0 are left out. */
export function acceptedEncodings(headers) {
  const accepted = new Set();
  for (const { value } of headers?.['accept-encoding'] ?? []) {
    for (const part of String(value).split(',')) {
      const [coding, ...parameters] = part.split(';').map((token) => token.trim().toLowerCase());
      const refused = parameters.some((parameter) => /^q=0(\.0{0,3})?$/.test(parameter));
      if (coding && !refused) accepted.add(coding);
    }
  }
  return accepted;
}
