// Package sdkout holds what the SDK generator commands share (tools/pulumi/roma-gen-sdk and
// tools/pulumi-java/roma-gen-sdk-java, in Go modules of their own since they build against
// different Pulumi versions): reading the schema file and writing a generator's files.
package sdkout

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// ReadSchema decodes the package schema at path into spec (a schema.PackageSpec of the caller's
// Pulumi version).
func ReadSchema(path string, spec interface{}) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", path, err)
	}
	return nil
}

// Write replaces the folder out with the generated files (paths relative to it), so a file the
// generator no longer writes does not linger, and says how many it wrote.
func Write(out string, files map[string][]byte) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d files to %s\n", len(names), out)
	return nil
}
