def log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert log.contains('[DEBUG]') : 'the run must really be a debug run'
assert log.contains('is committed in 3 regions')
[
    'it-sentinel-secret-key-must-never-be-logged',
    'it-sentinel-session-token-must-never-be-logged',
    'edge-sandbox-not-a-secret',        // the sandbox's own secret key: logs must not learn the habit
].each { secret -> assert !log.contains(secret) : "the log contains ${secret}" }
// no request signature or session token header, in any casing
def lower = log.toLowerCase()
assert !(lower =~ /authorization:\s*aws4-hmac-sha256/)
assert !lower.contains('signature=')
assert !lower.contains('x-amz-security-token:')
return true
