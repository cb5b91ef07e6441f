// A Go program that uses the generated Go SDK (sdk/go/roma), run by the end-to-end suite
// (test/e2e/go.test.ts). The Go language host's module is not served by the module proxy, so the
// program runs as an Automation API inline program: the Go SDK's own language server, with the
// real CLI pointed at it (`--client`), in the project folder the suite prepares (Pulumi.yaml,
// stack config, backend from the environment).
//
// Usage: roma-e2e-go <preview|up|destroy> <project dir> <stack>
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/pulumi-roma-tasks/pulumi-roma-tasks/sdk/go/roma/fdi"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func program(ctx *pulumi.Context) error {
	pipeline, err := fdi.NewTaskRunState(ctx, "pipeline", &fdi.TaskRunStateArgs{
		InstanceId: pulumi.String("roma-nightly-inst"),
		TaskIds:    pulumi.StringArray{pulumi.String("orders-extract"), pulumi.String("customers-extract")},
		State:      fdi.RunStateStarted,
		OnDelete:   fdi.OnDeleteStop,
	})
	if err != nil {
		return err
	}
	ctx.Export("tasks", pipeline.Tasks)
	return nil
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: roma-e2e-go <preview|up|destroy> <project dir> <stack>")
		os.Exit(2)
	}
	ctx := context.Background()
	ws, err := auto.NewLocalWorkspace(ctx, auto.WorkDir(os.Args[2]), auto.Program(program))
	if err == nil {
		err = run(ctx, ws, os.Args[1], os.Args[3])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, ws auto.Workspace, command, stackName string) error {
	stack, err := auto.SelectStack(ctx, stackName, ws)
	if err != nil {
		return err
	}
	switch command {
	case "preview":
		res, err := stack.Preview(ctx, optpreview.ProgressStreams(os.Stdout))
		if err == nil {
			fmt.Printf("changes: %v\n", res.ChangeSummary)
		}
		return err
	case "up":
		_, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
		return err
	case "destroy":
		_, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stdout))
		return err
	}
	return fmt.Errorf("unknown command %q", command)
}
