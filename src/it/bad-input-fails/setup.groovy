import java.nio.file.Files

// Hostile names are made here rather than committed: git would not keep all of them faithfully.
def dist = new File(basedir, 'dist').toPath()
Files.createSymbolicLink(dist.resolve('linked.js'), new File('/etc/hostname').toPath())
Files.writeString(dist.resolve('..\\evil.js'), 'alert(1)')
return true
