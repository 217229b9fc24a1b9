import { useState } from 'react';

/** The widget: says which build serves it, and counts clicks to show it is alive. */
export function Widget({ buildId }) {
  const [clicks, setClicks] = useState(0);
  return (
    <div id="edge-widget" data-build-id={buildId} style={{ font: '14px sans-serif', padding: '8px' }}>
      <p>edge-deploy widget, build {buildId}</p>
      <button type="button" onClick={() => setClicks(clicks + 1)}>
        clicked {clicks} {clicks === 1 ? 'time' : 'times'}
      </button>
    </div>
  );
}
