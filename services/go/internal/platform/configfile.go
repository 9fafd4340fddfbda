// Watching SCL_CONFIG_FILE: the sidecar replaces it by rename, so a changed inode, size or
// modification time means a new file to read.
package platform

import (
	"os"
	"syscall"
	"time"

	"sidecar-lab.dev/services/internal/appconfig"
)

type configFile struct {
	path  string
	apply func(appconfig.Applied)
	seen  fileIdentity
}

type fileIdentity struct {
	inode   uint64
	size    int64
	modTime time.Time
}

func identityOf(info os.FileInfo) fileIdentity {
	id := fileIdentity{size: info.Size(), modTime: info.ModTime()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		id.inode = st.Ino
	}
	return id
}

// check reads the file when it changed; a file that does not parse keeps the config in use.
func (c *configFile) check() {
	info, err := os.Stat(c.path)
	if err != nil {
		return
	}
	id := identityOf(info)
	if id == c.seen {
		return
	}
	data, err := os.ReadFile(c.path)
	if err != nil {
		return
	}
	c.seen = id
	applied, err := appconfig.ParseFile(data)
	if err != nil {
		return
	}
	c.apply(applied)
}
