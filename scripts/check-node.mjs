// Fails loudly when a script runs on a Node other than the pinned major (the `node` devDependency).
// With `npm install --ignore-scripts` the pinned binary is missing and npm silently falls back to
// the system Node; this guard turns that into a clear error instead of odd failures later.
const required = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major !== required) {
  console.error(
    `Cold Reach needs Node ${required}; this is Node ${process.versions.node}. ` +
      'Run `npm install` (with install scripts enabled) so the pinned Node from package.json is used.',
  );
  process.exit(1);
}
