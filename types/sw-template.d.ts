// simsite/sw.js is a template: simsite/offline.py replaces these names with JSON literals when
// it writes the service worker into the built site.
declare const __PRECACHE__: string[];
declare const __PASSTHROUGH__: boolean;
