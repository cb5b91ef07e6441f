// The pack's program, as `pulumi preview --policy-pack <this folder>` runs it: the compiled pack.
require("../dist/policy/pack");
