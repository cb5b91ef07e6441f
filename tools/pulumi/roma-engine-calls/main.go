// roma-engine-calls sends Check and Diff to running resource providers the way the Pulumi engine
// does: from Go, through the generated pulumirpc client and grpc-go (pkg/resource/plugin/provider_plugin.go
// of pulumi/pulumi), so what it times is the provider and the loopback, not a Node.js client
// sharing the machine's cores with the provider. `npm run bench` builds and runs it.
//
// Usage: roma-engine-calls < target.json
// target.json: {"address": "127.0.0.1:port", "resources": [{"urn", "id", "olds", "news"}, ...]}
// For each resource in turn: Check(olds, news), then Diff(id, olds, checked inputs), as a preview
// of an unchanged resource does. Prints a JSON array: the milliseconds of each Check+Diff pair.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

type resource struct {
	URN  string         `json:"urn"`
	ID   string         `json:"id"`
	Olds map[string]any `json:"olds"`
	News map[string]any `json:"news"`
}

type target struct {
	Address   string     `json:"address"`
	Resources []resource `json:"resources"`
}

type request struct {
	urn, id    string
	olds, news *structpb.Struct
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "roma-engine-calls:", err)
		os.Exit(1)
	}
}

func run() error {
	var tg target
	if err := json.NewDecoder(os.Stdin).Decode(&tg); err != nil {
		return fmt.Errorf("reading the target from stdin: %w", err)
	}
	ctx := context.Background()
	conn, err := grpc.NewClient(tg.Address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	client := pulumirpc.NewResourceProviderClient(conn)
	// The engine's first call to a plugin; it also opens the connection, which is not a Check's cost.
	if _, err := client.GetPluginInfo(ctx, &emptypb.Empty{}); err != nil {
		return fmt.Errorf("GetPluginInfo %s: %w", tg.Address, err)
	}
	requests := make([]request, 0, len(tg.Resources))
	for _, r := range tg.Resources {
		olds, err := structpb.NewStruct(r.Olds)
		if err != nil {
			return fmt.Errorf("olds of %s: %w", r.URN, err)
		}
		news, err := structpb.NewStruct(r.News)
		if err != nil {
			return fmt.Errorf("news of %s: %w", r.URN, err)
		}
		requests = append(requests, request{r.URN, r.ID, olds, news})
	}
	elapsed := make([]float64, 0, len(requests))
	for _, r := range requests {
		start := time.Now()
		checked, err := client.Check(ctx, &pulumirpc.CheckRequest{Urn: r.urn, Olds: r.olds, News: r.news})
		if err != nil {
			return fmt.Errorf("Check %s: %w", r.urn, err)
		}
		if len(checked.GetFailures()) > 0 {
			return fmt.Errorf("Check %s failed: %v", r.urn, checked.GetFailures())
		}
		if _, err := client.Diff(ctx, &pulumirpc.DiffRequest{Id: r.id, Urn: r.urn, Olds: r.olds, OldInputs: r.olds, News: checked.GetInputs()}); err != nil {
			return fmt.Errorf("Diff %s: %w", r.urn, err)
		}
		elapsed = append(elapsed, float64(time.Since(start).Nanoseconds())/1e6)
	}
	return json.NewEncoder(os.Stdout).Encode(elapsed)
}
