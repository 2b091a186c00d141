// Testing Library cleans up after each test only when vitest globals are on; they are not.
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(cleanup);

// jsdom lays nothing out, and has no scrollIntoView: scrolling is a no-op here (the e2e walk in
// Chromium checks what is in view).
if (typeof Element !== 'undefined' && !Element.prototype.scrollIntoView)
  Element.prototype.scrollIntoView = function scrollIntoView() {};
