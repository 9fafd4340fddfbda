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
	path   string
	apply  func(appconfig.Applied)
	reject func(error)
	seen   fileIdentity
	inUse  int64 // version applied last
}

type fileIdentity struct {
	inode   uint64
	size    int64
	modTime time.Time
}

// check reads the file when it changed. A file that does not parse is reported and the
// config in use stays; one with the version in use changes nothing.
func (c *configFile) check() {
	info, err := os.Stat(c.path)
	if err != nil {
		return // not written yet
	}
	id := fileIdentity{size: info.Size(), modTime: info.ModTime()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		id.inode = st.Ino
	}
	if id == c.seen {
		return
	}
	data, err := os.ReadFile(c.path)
	if err != nil {
		return
	}
	c.seen = id
	applied, err := appconfig.ParseFile(data)
	switch {
	case err != nil:
		c.reject(err)
	case applied.Version != c.inUse:
		c.inUse = applied.Version
		c.apply(applied)
	}
}
