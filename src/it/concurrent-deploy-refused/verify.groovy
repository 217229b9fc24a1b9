def log = new File(basedir, 'build.log').text
def exit = new File(basedir, 'second.exit')
long deadline = System.currentTimeMillis() + 300_000
while (!exit.exists() && System.currentTimeMillis() < deadline) {
    Thread.sleep(200)
}
assert exit.exists() : 'the second deployer never finished'
def second = new File(basedir, 'second.log').text

// the first deployer (run 2) shifted build 2 to the end
assert log.contains('Released build it-two-2 as it-concurrent:2 (SHIFTED')

// the second was refused while run 2 still held the lock, naming run 2's build and the lock, and uploaded nothing
assert exit.text.startsWith('1 lock-still-held=true') : exit.text
assert second.contains('Another deploy is releasing to this target')
assert second.contains('(build it-two-2, since')
assert second.contains('_edge-deploy/lock.json')
assert second.contains('Deploying build it-one-1 to the running sandbox at')
assert !second.contains('Uploading build')

// and run 2 released its lock when it finished
assert !new File(basedir, 'sandbox-state/s3/edge-deploy-us-east-1/_edge-deploy/lock.json').exists()
return true
