// roma-gen-sdk generates the roma package's SDKs with Pulumi's own code generators, the same
// functions the language hosts call for `pulumi package gen-sdk` (GeneratePackage in
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go, sdk/python/cmd/pulumi-language-python/main.go and
// sdk/go/pulumi-language-go/main.go of pulumi/pulumi). The CLI cannot run gen-sdk here without those
// hosts, whose Go modules the module proxy does not serve; the generators live in
// github.com/pulumi/pulumi/pkg/v3/codegen, which it does.
//
// Usage: roma-gen-sdk <schema.json> <nodejs|python|go|bind> <out-dir>
// "bind" only binds the schema (the checks `pulumi package get-schema` and gen-sdk run first)
// and prints the binder's diagnostics; it exits non-zero on any error.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi-roma-tasks/pulumi-roma-tasks/tools/sdkout"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "roma-gen-sdk:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 || (args[1] != "bind" && len(args) != 3) {
		return fmt.Errorf("usage: roma-gen-sdk <schema.json> <nodejs|python|go|bind> <out-dir>")
	}
	var spec schema.PackageSpec
	if err := sdkout.ReadSchema(args[0], &spec); err != nil {
		return err
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema does not bind (%d diagnostics)", len(diags))
	}
	var files map[string][]byte
	switch args[1] {
	case "bind":
		fmt.Printf("%s %s binds: %d resources, %d functions, %d types\n",
			pkg.Name, pkg.Version, len(pkg.Resources), len(pkg.Functions), len(pkg.Types))
		return nil
	case "nodejs":
		files, err = nodejs.GeneratePackage("pulumi-language-nodejs", pkg, nil, nil, false, noPackages{})
	case "python":
		files, err = python.GeneratePackage("pulumi-language-python", pkg, nil, noPackages{})
	case "go":
		files, err = gogen.GeneratePackage("pulumi-language-go", pkg, nil)
	default:
		return fmt.Errorf("unknown language %q: nodejs, python, go or bind", args[1])
	}
	if err != nil {
		return err
	}
	return sdkout.Write(args[2], files)
}

// noPackages is the loader of a package that references no other: the roma schema refers to
// nothing outside itself, so any reference that needs loading is an error of the schema.
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q; roma's schema must be self-contained", pkg)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func (noPackages) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema refers to package %q; roma's schema must be self-contained", pkg)
}

func (l noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, d.Version)
}
