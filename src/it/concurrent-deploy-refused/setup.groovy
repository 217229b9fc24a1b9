// The second deployer: waits until run 2 holds the release lock, then deploys from another Maven process, on the
// sandbox run 2 started (it finds it through the state directory), and leaves its log and exit code for verify.groovy.
def lock = new File(basedir, 'sandbox-state/s3/edge-deploy-us-east-1/_edge-deploy/lock.json')
def log = new File(basedir, 'second.log')
def exit = new File(basedir, 'second.exit')
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
def repository = localRepositoryPath
// the invoker's settings, pointed at the same developer repository the invoker's own builds read from
def outer = new File(System.getProperty('maven.repo.local') ?: "${System.getProperty('user.home')}/.m2/repository")
def settings = new File(basedir, 'second-settings.xml')
settings.text = new File(basedir, '../../../../src/it/settings.xml').text
        .replace('@localRepositoryUrl@', outer.toURI().toString())
Thread.start('second-deployer') {
    long deadline = System.currentTimeMillis() + 600_000
    while (System.currentTimeMillis() < deadline && !(lock.exists() && lock.text.contains('it-two-2'))) {
        Thread.sleep(100)
    }
    if (!lock.exists()) {
        exit.text = 'the lock of run 2 never appeared'
        return
    }
    def process = new ProcessBuilder(mvn, '-B', '-s', settings.path, "-Dmaven.repo.local=${repository}",
            'edge-deploy:deploy', '-DedgeDeploy.buildId=it-one-1')
            .directory(basedir).redirectErrorStream(true).redirectOutput(log).start()
    int code = process.waitFor()
    exit.text = "${code} lock-still-held=${lock.exists()}"
}
return true
