// The generated Pulumi protocol classes and the gRPC runtime, loaded from the installed
// `@pulumi/pulumi` itself (deep paths: the package has no `exports` map). Resolving gRPC and
// google-protobuf from there, not from this package, gives the very copies the generated
// classes were built against, and needs no dependency of our own: both are dependencies of
// `@pulumi/pulumi`, wherever npm placed them.
import { createRequire } from "node:module";
import type * as Grpc from "@grpc/grpc-js";
import type * as EngineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as EnginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as PluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as ProviderGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb";
import type * as StatusPb from "@pulumi/pulumi/proto/status_pb";
import type * as Protobuf from "google-protobuf";
import type * as AnyPb from "google-protobuf/google/protobuf/any_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"));

export const grpc = fromPulumi("@grpc/grpc-js") as typeof Grpc;
export const providerPb = fromPulumi("./provider_pb") as typeof ProviderPb;
export const providerGrpc = fromPulumi("./provider_grpc_pb") as typeof ProviderGrpc;
export const pluginPb = fromPulumi("./plugin_pb") as typeof PluginPb;
export const statusPb = fromPulumi("./status_pb") as typeof StatusPb;
export const enginePb = fromPulumi("./engine_pb") as typeof EnginePb;
export const engineGrpc = fromPulumi("./engine_grpc_pb") as typeof EngineGrpc;
export const protobuf = fromPulumi("google-protobuf") as typeof Protobuf;
export const anyPb = fromPulumi("google-protobuf/google/protobuf/any_pb") as typeof AnyPb;
export const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb") as typeof EmptyPb;
export const structPb = fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof StructPb;

export type Struct = StructPb.Struct;
