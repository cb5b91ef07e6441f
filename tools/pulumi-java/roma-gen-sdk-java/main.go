// roma-gen-sdk-java generates the roma package's Java SDK with Pulumi's Java generator, the function
// the Java language host calls for `pulumi package gen-sdk --language java` (GeneratePackage in
// pkg/cmd/pulumi-language-java/main.go of pulumi/pulumi-java): the same deduplication, binding and
// generator call, so sdk/java is what a user running gen-sdk would get.
//
// That generator writes Gradle build files only. Gradle is not what this project builds with, so
// this command also writes a pom.xml from the same bound package and the same Java settings the
// generator resolved (coordinates, dependencies, license, repository), and the two resources the
// generated build.gradle writes at build time (its genPulumiResources task): version.txt, which the
// generated Utilities class reports, and plugin.json, from which the Java SDK's package discovery
// (`com.pulumi.bootstrap.internal.Main packages`, what the language host asks) tells the engine which
// provider plugin, version and download server the program needs.
//
// Usage: roma-gen-sdk-java <schema.json> <out-dir>
package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"

	"github.com/pulumi-roma-tasks/pulumi-roma-tasks/tools/sdkout"
	javagen "github.com/pulumi/pulumi-java/pkg/codegen/java"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "roma-gen-sdk-java:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: roma-gen-sdk-java <schema.json> <out-dir>")
	}
	var spec schema.PackageSpec
	if err := sdkout.ReadSchema(args[0], &spec); err != nil {
		return err
	}
	deduped, diags, err := javagen.DeduplicateTypes(&spec)
	if err != nil {
		return err
	}
	// roma's schema refers to no other package, so the null loader (which loads nothing) is enough
	// and any reference that needs loading fails the bind.
	pkg, bindDiags, err := schema.BindSpec(*deduped, schema.NewNullLoader(), schema.ValidationOptions{})
	if err != nil {
		return err
	}
	diags = diags.Extend(bindDiags)
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema does not bind (%d diagnostics)", len(diags))
	}
	files, err := javagen.GeneratePackage("pulumi-language-java", pkg, nil, nil, false, false)
	if err != nil {
		return err
	}
	if err := addMavenBuild(pkg, files); err != nil {
		return err
	}
	return sdkout.Write(args[1], files)
}

// javaInfo is the Java settings GeneratePackage resolved and stored back into the package: the
// schema's language.java plus the dependencies generated code links against.
func javaInfo(pkg *schema.Package) (javagen.PackageInfo, error) {
	switch info := pkg.Language["java"].(type) {
	case *javagen.PackageInfo:
		return *info, nil
	case javagen.PackageInfo:
		return info, nil
	default:
		return javagen.PackageInfo{}, fmt.Errorf("the Java generator left no Java settings in the package (%T)", info)
	}
}

type dependency struct{ GroupID, ArtifactID, Version string }

type pom struct {
	GroupID, ArtifactID, Version, Name, Description, URL, License, LicenseURL string
	// Publisher is the schema's publisher, the POM's developer (Maven Central requires one).
	Publisher    string
	Dependencies []dependency
	Repositories []string
	Plugins      []dependency
}

// mavenPlugins are the plugins of the default lifecycle a jar build runs, pinned.
var mavenPlugins = []dependency{
	{GroupID: "org.apache.maven.plugins", ArtifactID: "maven-clean-plugin", Version: "3.4.0"},
	{GroupID: "org.apache.maven.plugins", ArtifactID: "maven-resources-plugin", Version: "3.3.1"},
	{GroupID: "org.apache.maven.plugins", ArtifactID: "maven-compiler-plugin", Version: "3.13.0"},
	{GroupID: "org.apache.maven.plugins", ArtifactID: "maven-surefire-plugin", Version: "3.5.2"},
	{GroupID: "org.apache.maven.plugins", ArtifactID: "maven-jar-plugin", Version: "3.4.2"},
	{GroupID: "org.apache.maven.plugins", ArtifactID: "maven-install-plugin", Version: "3.1.3"},
	{GroupID: "org.apache.maven.plugins", ArtifactID: "maven-deploy-plugin", Version: "3.1.3"},
}

// licenses maps the schema's SPDX identifier to the name and URL a POM carries (the names
// build.gradle's template writes for the same identifier).
var licenses = map[string][2]string{
	"Apache-2.0": {"The Apache License, Version 2.0", "http://www.apache.org/licenses/LICENSE-2.0.txt"},
}

func addMavenBuild(pkg *schema.Package, files map[string][]byte) error {
	info, err := javaInfo(pkg)
	if err != nil {
		return err
	}
	if pkg.Version == nil {
		return fmt.Errorf("the schema has no version; the Maven coordinates need one")
	}
	license, ok := licenses[pkg.License]
	if !ok {
		return fmt.Errorf("no POM license for the schema's license %q", pkg.License)
	}
	// The coordinates build.gradle publishes: the base package as group, the package name as artifact.
	javaPackage := info.BasePackageOrDefault() + pkg.Name
	p := pom{
		GroupID:      strings.TrimSuffix(info.BasePackageOrDefault(), "."),
		ArtifactID:   pkg.Name,
		Version:      pkg.Version.String(),
		Name:         javaPackage,
		Description:  pkg.Description,
		URL:          pkg.Repository,
		License:      license[0],
		LicenseURL:   license[1],
		Publisher:    pkg.Publisher,
		Repositories: append([]string(nil), info.Repositories...),
		Plugins:      mavenPlugins,
	}
	sort.Strings(p.Repositories)
	for coordinates, version := range info.Dependencies {
		group, artifact, ok := strings.Cut(coordinates, ":")
		if !ok {
			return fmt.Errorf("Java dependency %q is not groupId:artifactId", coordinates)
		}
		p.Dependencies = append(p.Dependencies, dependency{group, artifact, version})
	}
	sort.Slice(p.Dependencies, func(i, j int) bool {
		return p.Dependencies[i].GroupID+":"+p.Dependencies[i].ArtifactID < p.Dependencies[j].GroupID+":"+p.Dependencies[j].ArtifactID
	})
	var buf bytes.Buffer
	if err := pomTemplate.Execute(&buf, p); err != nil {
		return err
	}
	files["pom.xml"] = buf.Bytes()

	resources := "src/main/resources/" + strings.ReplaceAll(javaPackage, ".", "/") + "/"
	files[resources+"version.txt"] = []byte(p.Version)
	plugin := map[string]interface{}{"resource": true, "name": pkg.Name, "version": p.Version}
	if pkg.PluginDownloadURL != "" {
		plugin["server"] = pkg.PluginDownloadURL
	}
	pluginJSON, err := json.MarshalIndent(plugin, "", "    ")
	if err != nil {
		return err
	}
	files[resources+"plugin.json"] = append(pluginJSON, '\n')
	return nil
}

func xmlText(s string) (string, error) {
	var b strings.Builder
	err := xml.EscapeText(&b, []byte(s))
	return b.String(), err
}

// Plugin versions are pinned so a build resolves the same artifacts from Maven Central every time.
// Java 11 bytecode, as build.gradle's toolchain. The `release` profile adds what Maven Central
// requires of a published artifact: sources and javadoc jars, and at `verify` GPG signatures
// (maven-gpg-plugin; MAVEN_GPG_PASSPHRASE); its `deploy` uploads through the Central Portal
// (central-publishing-maven-plugin, with the token of the settings.xml server `central`).
var pomTemplate = template.Must(template.New("pom.xml").Funcs(template.FuncMap{"x": xmlText}).Parse(`<?xml version="1.0" encoding="UTF-8"?>
<!-- *** WARNING: this file was generated by roma-gen-sdk-java (tools/pulumi-java). *** -->
<!-- *** Do not edit by hand: change the schema and run npm run sdk:gen. *** -->
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
    <modelVersion>4.0.0</modelVersion>

    <groupId>{{x .GroupID}}</groupId>
    <artifactId>{{x .ArtifactID}}</artifactId>
    <version>{{x .Version}}</version>
    <packaging>jar</packaging>

    <name>{{x .Name}}</name>
    <description>{{x .Description}}</description>
    <url>{{x .URL}}</url>
    <licenses>
        <license>
            <name>{{x .License}}</name>
            <url>{{x .LicenseURL}}</url>
        </license>
    </licenses>
{{- if .Publisher}}
    <developers>
        <developer>
            <name>{{x .Publisher}}</name>
            <url>{{x .URL}}</url>
        </developer>
    </developers>
{{- end}}
    <scm>
        <connection>scm:git:{{x .URL}}.git</connection>
        <developerConnection>scm:git:{{x .URL}}.git</developerConnection>
        <url>{{x .URL}}</url>
    </scm>

    <properties>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        <maven.compiler.release>11</maven.compiler.release>
    </properties>
{{- if .Repositories}}

    <repositories>
{{- range $i, $url := .Repositories}}
        <repository>
            <id>repository-{{$i}}</id>
            <url>{{x $url}}</url>
        </repository>
{{- end}}
    </repositories>
{{- end}}

    <dependencies>
{{- range .Dependencies}}
        <dependency>
            <groupId>{{x .GroupID}}</groupId>
            <artifactId>{{x .ArtifactID}}</artifactId>
            <version>{{x .Version}}</version>
        </dependency>
{{- end}}
    </dependencies>

    <build>
        <pluginManagement>
            <plugins>
{{- range .Plugins}}
                <plugin>
                    <groupId>{{.GroupID}}</groupId>
                    <artifactId>{{.ArtifactID}}</artifactId>
                    <version>{{.Version}}</version>
                </plugin>
{{- end}}
            </plugins>
        </pluginManagement>
    </build>

    <profiles>
        <profile>
            <id>release</id>
            <build>
                <plugins>
                    <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-source-plugin</artifactId>
                        <version>3.3.1</version>
                        <executions>
                            <execution>
                                <id>attach-sources</id>
                                <goals>
                                    <goal>jar-no-fork</goal>
                                </goals>
                            </execution>
                        </executions>
                    </plugin>
                    <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-javadoc-plugin</artifactId>
                        <version>3.11.2</version>
                        <configuration>
                            <doclint>none</doclint>
                            <quiet>true</quiet>
                        </configuration>
                        <executions>
                            <execution>
                                <id>attach-javadocs</id>
                                <goals>
                                    <goal>jar</goal>
                                </goals>
                            </execution>
                        </executions>
                    </plugin>
                    <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-gpg-plugin</artifactId>
                        <version>3.2.7</version>
                        <executions>
                            <execution>
                                <id>sign-artifacts</id>
                                <phase>verify</phase>
                                <goals>
                                    <goal>sign</goal>
                                </goals>
                            </execution>
                        </executions>
                    </plugin>
                    <plugin>
                        <groupId>org.sonatype.central</groupId>
                        <artifactId>central-publishing-maven-plugin</artifactId>
                        <version>0.7.0</version>
                        <extensions>true</extensions>
                        <configuration>
                            <publishingServerId>central</publishingServerId>
                        </configuration>
                    </plugin>
                </plugins>
            </build>
        </profile>
    </profiles>
</project>
`))
