// URNs read apart in one place (provider/core/urn.ts): the policy pack's stack, the plugin's type
// token, `roma-plan`'s and the claims' resource names all come from it.
import { strict as assert } from "node:assert";
import { parseUrn } from "../../provider/core/urn";

describe("parseUrn", () => {
    it("reads a URN's stack, project, own type token and name", () => {
        assert.deepEqual(parseUrn("urn:pulumi:prod-eu::etl::roma:fdi:TaskRunState::nightly"), {
            stack: "prod-eu",
            project: "etl",
            type: "roma:fdi:TaskRunState",
            name: "nightly",
        });
    });

    it("takes the resource's own type from a parent-qualified one, and a name holding `::` whole", () => {
        const parts = parseUrn("urn:pulumi:dev::etl::my:component:Feeds$pulumi-nodejs:dynamic/roma:DrsJobRetry::feeds::b");
        assert.equal(parts.type, "pulumi-nodejs:dynamic/roma:DrsJobRetry");
        assert.equal(parts.name, "feeds::b");
    });

    it("gives a string that is no URN back as the name, with empty parts", () => {
        assert.deepEqual(parseUrn("nightly"), { stack: "", project: "", type: "", name: "nightly" });
    });
});
