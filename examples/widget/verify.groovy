// Run by the plugin's invoker (execution "examples") after `mvn deploy` of this example into the sandbox:
// what was built, packaged and released.
import groovy.json.JsonSlurper

def json = new JsonSlurper()
def log = new File(basedir, 'build.log').text
def record = json.parse(new File(basedir, 'target/edge-deploy/deployment.json'))
def buildId = record.buildId
assert buildId ==~ /[a-z0-9-]+/

// webpack: a tiny entry that only lazy-loads; React and the UI are chunks of their own
def dist = new File(basedir, 'target/dist')
def entry = new File(dist, 'index.js')
assert entry.length() < 4096 : "the never-cached entry is ${entry.length()} bytes"
assert !entry.text.contains('createRoot') : 'React DOM ended up in the entry'
def chunks = dist.listFiles().findAll { it.name ==~ /.+\.[0-9a-f]{8}\.js/ }
assert chunks.size() >= 2 : "lazy chunks: ${chunks*.name}"
assert chunks.any { it.text.contains('edge-widget') } : 'no chunk holds the UI'

// no domain baked in: the public path is derived at run time from the entry's own URL
dist.eachFileRecurse { file ->
    ['127.0.0.1', 'localhost', 'sandbox.localhost'].each { host ->
        assert !file.text.contains(host) : "${file.name} names ${host}"
    }
}
assert entry.text.contains('document.currentScript')
assert entry.text.contains(buildId) && entry.text.contains("/assets/")

// packaged: every chunk under assets/<buildId>/, each with its gzip and brotli variants
def manifest = json.parse(new File(basedir, "target/edge-deploy/${buildId}/_edge-manifest.json"))
assert manifest.entry == 'index.js'
assert manifest.objects.every { it.key.startsWith("assets/${buildId}/") }
chunks.each { chunk ->
    ['', '.gz', '.br'].each { suffix ->
        assert manifest.objects.any { it.key == "assets/${buildId}/${chunk.name}${suffix}" }
    }
}

// released into the sandbox: the first release of this function, all at once
assert log.contains("Released build ${buildId}")
assert record.release.outcome in ['CREATED', 'SHIFTED', 'ALREADY_LIVE']
return true
