// planRead on its own: what the last listing of an instance showed, and the IDs asked for, in;
// the read that costs fewest calls out. Pages hold PAGE_LIMIT tasks.
import { strict as assert } from "node:assert";
import { PAGE_LIMIT } from "../../provider/api/fdi-client";
import { planRead } from "../../provider/coordinator/tasks";

const ids = (...list: string[]) => new Set(list);
/** Positions of an instance listed in the order of `list`. */
const at = (list: string[]) => new Map(list.map((id, i) => [id, i]));
const onPage = (page: number, n: number) => Array.from({ length: n }, (_, i) => `p${page}-${i}`);
/** Three pages: two full, the last part full. */
const listed = [...onPage(0, PAGE_LIMIT), ...onPage(1, PAGE_LIMIT), ...onPage(2, 10)];
const known = { total: listed.length, positions: at(listed) };

describe("planRead", () => {
    it("an instance of unknown size: up to three tasks by their IDs, more in one listing of the whole", () => {
        assert.deepEqual(planRead({}, ids("a", "b", "c")), { mode: "filtered" });
        assert.deepEqual(planRead({}, ids("a", "b", "c", "d")), { mode: "whole" });
    });

    it("tasks whose positions are known: only their pages, when fewer than the whole", () => {
        assert.deepEqual(planRead(known, ids("p2-0", "p2-1", "p2-2", "p2-3")), { mode: "pages", pages: [2] });
        assert.deepEqual(planRead(known, ids("p0-5", "p2-1", "p0-7", "p2-9")), { mode: "pages", pages: [0, 2] });
    });

    it("ties go to the wider read: pages as many as the whole are the whole", () => {
        assert.deepEqual(planRead(known, ids("p0-0", "p1-0", "p2-0")), { mode: "whole" });
        const onePage = { total: 5, positions: at(["a", "b", "c", "d", "e"]) };
        assert.deepEqual(planRead(onePage, ids("a")), { mode: "whole" }, "one task of a one-page instance: the page is the whole");
        assert.deepEqual(planRead({ total: 0 }, ids("a")), { mode: "whole" }, "an empty instance is still one call");
    });

    it("a task not in the last listing: by its ID while fewer tasks than pages, else the whole", () => {
        assert.deepEqual(planRead(known, ids("new", "p2-0")), { mode: "filtered" });
        assert.deepEqual(planRead(known, ids("new", "p2-0", "p2-1")), { mode: "whole" });
        assert.deepEqual(planRead({ total: listed.length }, ids("p2-0")), { mode: "filtered" }, "no positions known: as if none were listed");
    });
});
