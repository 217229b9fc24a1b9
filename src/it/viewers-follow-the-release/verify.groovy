// The watcher's last sample comes once the alias has settled after build 3's rollback; then stop it and the
// sandbox, before any check, so a failed check leaves nothing running.
long deadline = System.currentTimeMillis() + 60_000
while (context.samples.size() < 8 && System.currentTimeMillis() < deadline) {
    Thread.sleep(200)
}
context.stop.set(true)
context.watcher.join(60_000)
context.clients*.close()
context.sandbox.close()

def log = new File(basedir, 'build.log').text
def samples = context.samples
def convergences = context.convergences
def report = new File(basedir, 'viewers.txt')
report.text = (samples.collect { "alias ${it.version}${it.additionalVersion ? ' + ' + it.additionalVersion + ' @ ' + it.weight : ''}: ${it.builds}" }
        + convergences.collect { "all viewers on ${it.build} (version ${it.version}) ${it.millis} ms, ${it.rounds} rounds after the alias moved" })
        .join('\n') + '\n'
println report.text

// ±5 pp: 1,000 seeded viewers hashed with the green build id; σ of the share ≤ 1.6 pp at any weight (see
// ViewersFollowTheAlias in edge-deploy-core)
def tolerance = 0.05
samples.each { sample ->
    assert sample.failures == 0 : "viewers not served: ${sample}"
    if (sample.additionalVersion == null) {
        assert sample.builds == [(sample.primaryBuild): 1000L] : "alias on ${sample.version} only: ${sample.builds}"
    } else {
        assert [sample.primaryBuild, sample.additionalBuild].containsAll(sample.builds.keySet()) : sample.builds
        double green = (sample.builds[sample.additionalBuild] ?: 0L) / 1000d
        assert Math.abs(green - sample.weight) <= tolerance : "weight ${sample.weight}, green share ${green}: ${sample}"
    }
}

// build 2's shift: 25, 50, 75 % (a step the watcher could not settle on, on a busy machine, is skipped, but at least
// two are seen), sticky (a viewer on build 2 stays on it), then all on build 2
def shift = samples.findAll { it.additionalBuild == 'it-two-2' }
assert shift.size() >= 2 && shift*.weight == shift*.weight.sort() && shift*.weight.every { it in [0.25d, 0.5d, 0.75d] }
shift.collate(2, 1).findAll { it.size() == 2 }.each { before, after ->
    def left = before.byViewer.findAll { ip, id -> id == 'it-two-2' && after.byViewer[ip] != 'it-two-2' }
    assert left.isEmpty() : "viewers that went back from build 2 between ${before.weight} and ${after.weight}: ${left.keySet()}"
}
// the releases in order: build 1 alone, build 2's shift, (build 2 alone: the rollback may come before the alias has
// been still long enough to sample; the convergence below sees it), the rollback to build 1, build 3's shift until
// the alarm, build 1 alone again
def phases = samples.collect { (it.additionalBuild ? "${it.primaryBuild}+${it.additionalBuild}" : it.primaryBuild).toString() }
        .findAll { it != 'it-two-2' }
        .inject([]) { list, phase -> list && list[-1] == phase ? list : list + phase }
assert phases == ['it-one-1', 'it-one-1+it-two-2', 'it-one-1', 'it-one-1+it-three-3', 'it-one-1'] : phases

// the rollback (goal 3) moved every viewer back to build 1 without any CloudFront update since build 2 was all in
assert convergences.size() == 4
assert convergences[2].distributionUpdates == convergences[1].distributionUpdates

// every time the alias stopped routing, every viewer had the alias's build within 1.2 × T + the alias cache + one
// probe (≈ 5 s with T = 2 s); measured from the watcher noticing the alias, on a shared machine: 15 s of slack
assert convergences*.build == ['it-one-1', 'it-two-2', 'it-one-1', 'it-one-1']
convergences.each { assert it.millis <= 20_000 : "viewers took ${it.millis} ms to reach ${it.build}" }

// build 3's release failed on the alarm, and said the alias is back on build 1's version
assert log.contains('it-viewers-errors')
assert log =~ /Released build it-two-2 as it-viewers:2 \(SHIFTED/
assert log.contains('Alias back on version 1 (build it-one-1) from version 2 (build it-two-2); CloudFront unchanged')
return true
