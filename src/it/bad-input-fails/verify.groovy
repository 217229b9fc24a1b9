def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
// every problem is listed, each naming the file and the fix
assert log.contains('linked.js')
assert log.toLowerCase().contains('symbolic link') || log.toLowerCase().contains('symlink')
assert log.contains('..\\evil.js')
assert log.contains('Fix:')
// nothing reached the target: the sandbox was never even started
assert !new File(basedir, 'sandbox-state').exists()
assert !new File(basedir, 'target/edge-deploy/deployment.json').exists()
return true
