import groovy.json.JsonSlurper
import java.security.MessageDigest

def sha256 = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }
def json = new JsonSlurper()
def log = new File(basedir, 'build.log').text
def buildId = 'it-fixture-1'
def packaged = new File(basedir, "target/edge-deploy/${buildId}")

// package: manifest, bundle, objects; compressible files have .gz and .br variants, the woff2 font does not
def manifestFile = new File(packaged, '_edge-manifest.json')
def manifest = json.parse(manifestFile)
assert manifest.buildId == buildId
assert manifest.entry == 'index.js'
def keys = manifest.objects*.key as Set
['index.js', 'static/app.1a2b3c.js', 'static/app.1a2b3c.css', 'static/data.json'].each { name ->
    ['', '.gz', '.br'].each { suffix -> assert keys.contains("assets/${buildId}/${name}${suffix}".toString()) }
}
assert keys.contains("assets/${buildId}/static/font.9f8e7d.woff2".toString())
assert !keys.contains("assets/${buildId}/static/font.9f8e7d.woff2.gz".toString())
assert manifest.objects.size() == 13
manifest.objects.each { o ->
    assert o.cacheControl == 'public, max-age=31536000, immutable'
    if (o.key.endsWith('.gz')) assert o.contentEncoding == 'gzip'
    if (o.key.endsWith('.br')) assert o.contentEncoding == 'br'
}
assert new File(packaged, 'edge-bundle.zip').isFile()
assert log.contains('edge-bundle')

// deploy: every object, byte for byte, in all three sandbox buckets, and the manifest last
['us-east-1', 'eu-west-1', 'ap-southeast-2'].each { region ->
    def bucket = new File(basedir, "sandbox-state/s3/edge-deploy-${region}")
    manifest.objects.each { o ->
        def stored = new File(bucket, o.key)
        assert stored.isFile() : "${o.key} missing in ${region}"
        assert stored.length() == o.size
        assert sha256(stored) == o.sha256
    }
    assert new File(bucket, "assets/${buildId}/_edge-manifest.json").bytes == manifestFile.bytes
    // the hint the next build copies its unchanged objects from
    assert json.parse(new File(bucket, '_edge-deploy/latest-commit.json')).buildId == buildId
}

// the second run found everything in place: nothing uploaded anywhere, the commit already there
def record = json.parse(new File(basedir, 'target/edge-deploy/deployment.json'))
assert record.buildId == buildId
assert record.upload.regions.size() == 3
record.upload.regions.each { r ->
    assert r.uploadedObjects == 0
    assert r.skippedObjects == 13
    assert r.copiedObjects == 0
    assert r.copiedBytes == 0
    assert r.alreadyCommitted
}
assert record.upload.outcome == 'ALREADY_COMMITTED'
assert log.contains('Released build ' + buildId)
assert log =~ /region\s+bucket\s+uploaded\s+copied\s+unchanged/
return true
