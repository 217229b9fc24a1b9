// Loaded lazily by the entry: React, React DOM and the UI arrive as chunks of their own.
/* global __WIDGET_FAULT__ */
import { createRoot } from 'react-dom/client';
import { Widget } from './Widget.jsx';

if (__WIDGET_FAULT__ === 'throw-on-load') {
  // A test variant: a build that breaks for its viewers, for the error beacon and the release alarm to catch.
  throw new Error('edge-widget: this build was made to fail (WIDGET_FAULT=throw-on-load)');
}

export function mount(container, buildId) {
  createRoot(container).render(<Widget buildId={buildId} />);
}
