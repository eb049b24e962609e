// Package browsertest renders ownex's HTML reports in a real headless
// Chromium and checks that they load without a console error, an
// uncaught exception or a failed resource load, and keeps a screenshot.
//
// The test drives Debian's chromium (/usr/bin/chromium; .ci/run installs
// it when missing) through the DevTools protocol over a WebSocket
// (golang.org/x/net/websocket): it enables the Runtime, Log and Page
// domains, navigates to the report's file:// URL, waits for the load
// event, and fails on any Runtime.consoleAPICalled of type error or
// assert, Runtime.exceptionThrown, or Log.entryAdded of level error (the
// channel through which Chromium reports blocked or missing resources,
// CSP violations and the like). A control page with a deliberate
// console.error and a missing image proves that the detection works.
//
// Screenshots (Page.captureScreenshot, 1280×2000) go to $OWNEX_ARTIFACTS
// when set, else to testdata/screen/artifacts/ (git-ignored by its own
// .gitignore). Without chromium the test is skipped, except under
// CI=true, where it fails.
package browsertest
