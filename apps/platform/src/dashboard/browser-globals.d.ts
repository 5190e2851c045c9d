// The dashboard's browser tests hand functions to page.evaluate, which run in Chromium: they name the
// page's globals (document, window), so this project's type-check knows the DOM's types as well.
/// <reference lib="dom" />
