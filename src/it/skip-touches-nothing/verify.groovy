def log = new File(basedir, 'build.log').text

['build-id', 'package', 'deploy'].each { goal ->
    def lines = log.readLines().findAll { it.contains("Skipping edge-deploy:${goal} (edgeDeploy.skip=true)") }
    assert lines.size() == 1 : "expected one skip line for ${goal}"
}
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/edge-deploy').exists()
assert !new File(basedir, 'sandbox-state').exists()
return true
