// The trivial provider as a dynamic resource, serialized by the SDK as ours is (bench/index.ts,
// trivialBeside): a program body for test/support/capture-provider.ts, where `pulumi` is in scope.
new pulumi.dynamic.Resource(
    { check: async (olds, news) => ({ inputs: news }), diff: async () => ({ changes: false }), create: async () => ({ id: "x" }) },
    "trivial",
    {},
);
