package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// recover loads the manifest, cuts partition files back to their
// committed blocks, removes files no committed block refers to, and
// replays the WAL from the last checkpoint into the memtable. It returns
// the next LSN.
func (s *Disk) recover() (uint64, error) {
	path := filepath.Join(s.opt.Dir, "manifest.log")
	st, err := readManifest(path)
	if err != nil {
		return 0, err
	}
	if err := s.trimParts(st); err != nil {
		return 0, err
	}
	if s.man, err = writeManifest(path, st); err != nil {
		return 0, err
	}
	s.index = st.parts
	next := st.checkpoint
	segs, err := listSegments(s.walDir())
	if err != nil {
		return 0, err
	}
	var replayed []Record
	for i, sg := range segs {
		if i+1 < len(segs) && segs[i+1].first <= st.checkpoint {
			continue // Wholly before the checkpoint.
		}
		torn, err := replaySegment(sg.path, func(r Record) {
			if r.LSN >= st.checkpoint {
				replayed = append(replayed, r)
			}
			next = max(next, r.LSN+1)
		})
		if err != nil {
			return 0, err
		}
		if torn {
			s.opt.Log.Warn("log store: WAL segment ends in a torn write (crash); replayed up to it", "segment", sg.path)
		}
	}
	s.apply(replayed)
	if len(replayed) > 0 {
		s.opt.Log.Info("log store recovered records from the WAL", "records", len(replayed))
	}
	return next, nil
}

// trimParts makes the partition files agree with the manifest.
func (s *Disk) trimParts(st manifestState) error {
	ends := map[string]int64{}
	for p, ms := range st.parts {
		var end int64
		for _, m := range ms {
			end = max(end, m.Off+int64(m.ZLen+m.BLen))
		}
		ends[s.partPath(p)] = end
	}
	orgs, err := os.ReadDir(s.partsDir())
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	for _, o := range orgs {
		dir := filepath.Join(s.partsDir(), o.Name())
		files, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, f := range files {
			path := filepath.Join(dir, f.Name())
			end, ok := ends[path]
			switch {
			case !ok:
				err = os.Remove(path)
			default:
				err = os.Truncate(path, end)
			}
			if err != nil {
				return fmt.Errorf("store: recover %s: %w", path, err)
			}
		}
	}
	return nil
}
