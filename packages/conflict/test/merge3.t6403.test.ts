import { afterAll, describe, expect, it } from "vitest";
import { merge3, renderConflictMarkers, resolveConflicts, type Resolution } from "../src/index.ts";
import { MergeOracles } from "./support/oracles.ts";

/**
 * The merge cases of git's own test script t/t6403-merge-file.sh, with what
 * `git merge-file -p` prints for them, recorded from git and checked against
 * it again below. Cases about the command line only (--object-id, binary
 * files, working in a subdirectory) are left out, as is the histogram diff
 * algorithm, which merge3 does not offer; the myers case (git's default,
 * ours) is in. Where t6403 merges a file written by an earlier case
 * (test.txt), that file is an input here.
 */
interface T6403Row {
  readonly name: string;
  readonly mine: string;
  readonly base: string;
  readonly theirs: string;
  /** git merge-file options: --diff3, --marker-size=N, or one of --ours, --theirs, --union. */
  readonly options: readonly string[];
  /** -L labels: mine, base, theirs (t6403 mostly uses the file names). */
  readonly labels: readonly [string, string, string];
  /** git's exit status: the number of conflicts. */
  readonly status: number;
  readonly expected: string;
}

const FAVORS: Readonly<Record<string, Resolution>> = { "--ours": "mine", "--theirs": "theirs", "--union": "mine-then-theirs" };

/** What merge3 gives for a row: the merge rendered as git would print it with the row's options. */
function merge3As({ mine, base, theirs, options, labels }: T6403Row): { text: string; conflicts: number } {
  const style = options.includes("--diff3") ? "diff3" : "merge";
  const result = merge3(base, mine, theirs, { style });
  const favor = options.map((option) => FAVORS[option]).find((resolution) => resolution !== undefined);
  if (favor !== undefined) return { text: resolveConflicts(result, () => favor), conflicts: 0 };
  const size = options.find((option) => option.startsWith("--marker-size="));
  const text = renderConflictMarkers(result, {
    style,
    markerSize: size === undefined ? 7 : Number(size.slice("--marker-size=".length)),
    labels: { mine: labels[0], base: labels[1], theirs: labels[2] },
  });
  return { text, conflicts: result.counts.conflicts };
}

// The files of git's t/t6403-merge-file.sh, as its setup and its cases write them.
const ORIG_TXT = "Dominus regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\n";
const TEST_TXT = "Dominus regit me, et nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n";
const NEW1_TXT = "Dominus regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n";
const NEW2_TXT = "Dominus regit me, et nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\n";
const NEW3_TXT = "DOMINUS regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\n";
const NEW4_TXT = "Dominus regit me, et nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.";
const NEW5_TXT = "Dominus regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n";
const NEW6_TXT = "Dominus regit me,\net nihil mihi deerit;\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me.\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n";
const NEW7_TXT = "Dominus regit me,\net nihil mihi deerit,\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me,\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n";
const NEW8_TXT = "Dominus regit me,\net nihil mihi deerit;\n\n\n\n\nIn loco pascuae ibi me collocavit;\nsuper aquam refectionis educavit me.\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n";
const NEW9_TXT = "Dominus regit me,\net nihil mihi deerit,\n\n\n\n\nIn loco pascuae ibi me collocavit --\nsuper aquam refectionis educavit me,\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n";
const NOLF_ORIG_TXT = "line1\nline2\nline3";
const NOLF_DIFF1_TXT = "line1\nline2\nline3x";
const NOLF_DIFF2_TXT = "line1\nline2\nline3y";
const CRLF_ORIG_TXT = "1\r\n2\r\n3";
const CRLF_DIFF1_TXT = "1\r\n2\r\n4";
const CRLF_DIFF2_TXT = "1\r\n2\r\n5";
const BASE_C = "int f(int x, int y)\n{\nif (x == 0)\n{\nreturn y;\n}\nreturn x;\n}\n\nint g(size_t u)\n{\nwhile (u < 30)\n{\nu++;\n}\nreturn u;\n}\n";
const OURS_C = "int g(size_t u)\n{\nwhile (u < 30)\n{\nu++;\n}\nreturn u;\n}\n\nint h(int x, int y, int z)\n{\nif (z == 0)\n{\nreturn x;\n}\nreturn y;\n}\n";
const THEIRS_C = "int f(int x, int y)\n{\nif (x == 0)\n{\nreturn y;\n}\nreturn x;\n}\n\nint g(size_t u)\n{\nwhile (u > 34)\n{\nu--;\n}\nreturn u;\n}\n";
const NONGIT_BASE = "line1\noriginal\nline3\n";
const NONGIT_OURS = "line1\nours\nline3\n";
const NONGIT_THEIRS = "line1\ntheirs\nline3\n";

const rows: T6403Row[] = [
  {
    name: "merge with no changes",
    mine: ORIG_TXT,
    base: ORIG_TXT,
    theirs: ORIG_TXT,
    options: [],
    labels: ["orig.txt","orig.txt","orig.txt"],
    status: 0,
    expected: "Dominus regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\n",
  },
  {
    name: "merge without conflict",
    mine: NEW1_TXT,
    base: ORIG_TXT,
    theirs: NEW2_TXT,
    options: [],
    labels: ["new1.txt","orig.txt","new2.txt"],
    status: 0,
    expected: "Dominus regit me, et nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "merge without conflict (missing LF at EOF) — a conflict in git too (test_expect_failure there)",
    mine: NEW1_TXT,
    base: ORIG_TXT,
    theirs: NEW4_TXT,
    options: [],
    labels: ["new1.txt","orig.txt","new4.txt"],
    status: 1,
    expected: "Dominus regit me, et nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\n<<<<<<< new1.txt\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n=======\npropter nomen suum.\n>>>>>>> new4.txt\n",
  },
  {
    name: "merge does not add LF away of change",
    mine: NEW4_TXT,
    base: NEW2_TXT,
    theirs: NEW3_TXT,
    options: [],
    labels: ["new4.txt","new2.txt","new3.txt"],
    status: 0,
    expected: "DOMINUS regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.",
  },
  {
    name: "expected conflict markers",
    mine: TEST_TXT,
    base: ORIG_TXT,
    theirs: NEW3_TXT,
    options: [],
    labels: ["test.txt","orig.txt","new3.txt"],
    status: 1,
    expected: "<<<<<<< test.txt\nDominus regit me, et nihil mihi deerit.\n=======\nDOMINUS regit me,\net nihil mihi deerit.\n>>>>>>> new3.txt\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "merge conflicting with --ours",
    mine: TEST_TXT,
    base: ORIG_TXT,
    theirs: NEW3_TXT,
    options: ["--ours"],
    labels: ["test.txt","orig.txt","new3.txt"],
    status: 0,
    expected: "Dominus regit me, et nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "merge conflicting with --theirs",
    mine: TEST_TXT,
    base: ORIG_TXT,
    theirs: NEW3_TXT,
    options: ["--theirs"],
    labels: ["test.txt","orig.txt","new3.txt"],
    status: 0,
    expected: "DOMINUS regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "merge conflicting with --union",
    mine: TEST_TXT,
    base: ORIG_TXT,
    theirs: NEW3_TXT,
    options: ["--union"],
    labels: ["test.txt","orig.txt","new3.txt"],
    status: 0,
    expected: "Dominus regit me, et nihil mihi deerit.\nDOMINUS regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "expected conflict markers, with -L",
    mine: TEST_TXT,
    base: ORIG_TXT,
    theirs: NEW3_TXT,
    options: [],
    labels: ["1","2","new3.txt"],
    status: 1,
    expected: "<<<<<<< 1\nDominus regit me, et nihil mihi deerit.\n=======\nDOMINUS regit me,\net nihil mihi deerit.\n>>>>>>> new3.txt\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam tu mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "conflict in removed tail",
    mine: ORIG_TXT,
    base: NEW1_TXT,
    theirs: NEW5_TXT,
    options: [],
    labels: ["orig.txt","new1.txt","new5.txt"],
    status: 1,
    expected: "Dominus regit me,\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\n<<<<<<< orig.txt\n=======\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n>>>>>>> new5.txt\n",
  },
  {
    name: "MERGE_ZEALOUS simplifies non-conflicts",
    mine: NEW6_TXT,
    base: NEW5_TXT,
    theirs: NEW7_TXT,
    options: [],
    labels: ["new6.txt","new5.txt","new7.txt"],
    status: 1,
    expected: "Dominus regit me,\n<<<<<<< new6.txt\net nihil mihi deerit;\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me.\n=======\net nihil mihi deerit,\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me,\n>>>>>>> new7.txt\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "ZEALOUS_ALNUM",
    mine: NEW8_TXT,
    base: NEW5_TXT,
    theirs: NEW9_TXT,
    options: [],
    labels: ["new8.txt","new5.txt","new9.txt"],
    status: 1,
    expected: "Dominus regit me,\n<<<<<<< new8.txt\net nihil mihi deerit;\n\n\n\n\nIn loco pascuae ibi me collocavit;\nsuper aquam refectionis educavit me.\n=======\net nihil mihi deerit,\n\n\n\n\nIn loco pascuae ibi me collocavit --\nsuper aquam refectionis educavit me,\n>>>>>>> new9.txt\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "\"diff3 -m\" style output (1)",
    mine: NEW8_TXT,
    base: NEW5_TXT,
    theirs: NEW9_TXT,
    options: ["--diff3"],
    labels: ["new8.txt","new5.txt","new9.txt"],
    status: 1,
    expected: "Dominus regit me,\n<<<<<<< new8.txt\net nihil mihi deerit;\n\n\n\n\nIn loco pascuae ibi me collocavit;\nsuper aquam refectionis educavit me.\n||||||| new5.txt\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\n=======\net nihil mihi deerit,\n\n\n\n\nIn loco pascuae ibi me collocavit --\nsuper aquam refectionis educavit me,\n>>>>>>> new9.txt\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "merge.conflictStyle honored outside repo (diff3)",
    mine: NONGIT_OURS,
    base: NONGIT_BASE,
    theirs: NONGIT_THEIRS,
    options: ["--diff3"],
    labels: ["ours","base","theirs"],
    status: 1,
    expected: "line1\n<<<<<<< ours\nours\n||||||| base\noriginal\n=======\ntheirs\n>>>>>>> theirs\nline3\n",
  },
  {
    name: "marker size",
    mine: NEW8_TXT,
    base: NEW5_TXT,
    theirs: NEW9_TXT,
    options: ["--diff3","--marker-size=10"],
    labels: ["new8.txt","new5.txt","new9.txt"],
    status: 1,
    expected: "Dominus regit me,\n<<<<<<<<<< new8.txt\net nihil mihi deerit;\n\n\n\n\nIn loco pascuae ibi me collocavit;\nsuper aquam refectionis educavit me.\n|||||||||| new5.txt\net nihil mihi deerit.\nIn loco pascuae ibi me collocavit,\nsuper aquam refectionis educavit me;\n==========\net nihil mihi deerit,\n\n\n\n\nIn loco pascuae ibi me collocavit --\nsuper aquam refectionis educavit me,\n>>>>>>>>>> new9.txt\nanimam meam convertit,\ndeduxit me super semitas jusitiae,\npropter nomen suum.\nNam et si ambulavero in medio umbrae mortis,\nnon timebo mala, quoniam TU mecum es:\nvirga tua et baculus tuus ipsa me consolata sunt.\n",
  },
  {
    name: "conflict at EOF without LF",
    mine: NOLF_DIFF1_TXT,
    base: NOLF_ORIG_TXT,
    theirs: NOLF_DIFF2_TXT,
    options: [],
    labels: ["nolf-diff1.txt","nolf-orig.txt","nolf-diff2.txt"],
    status: 1,
    expected: "line1\nline2\n<<<<<<< nolf-diff1.txt\nline3x\n=======\nline3y\n>>>>>>> nolf-diff2.txt\n",
  },
  {
    name: "conflict at EOF without LF resolved by --ours",
    mine: NOLF_DIFF1_TXT,
    base: NOLF_ORIG_TXT,
    theirs: NOLF_DIFF2_TXT,
    options: ["--ours"],
    labels: ["nolf-diff1.txt","nolf-orig.txt","nolf-diff2.txt"],
    status: 0,
    expected: "line1\nline2\nline3x",
  },
  {
    name: "conflict at EOF without LF resolved by --theirs",
    mine: NOLF_DIFF1_TXT,
    base: NOLF_ORIG_TXT,
    theirs: NOLF_DIFF2_TXT,
    options: ["--theirs"],
    labels: ["nolf-diff1.txt","nolf-orig.txt","nolf-diff2.txt"],
    status: 0,
    expected: "line1\nline2\nline3y",
  },
  {
    name: "conflict at EOF without LF resolved by --union",
    mine: NOLF_DIFF1_TXT,
    base: NOLF_ORIG_TXT,
    theirs: NOLF_DIFF2_TXT,
    options: ["--union"],
    labels: ["nolf-diff1.txt","nolf-orig.txt","nolf-diff2.txt"],
    status: 0,
    expected: "line1\nline2\nline3x\nline3y",
  },
  {
    name: "conflict sections match existing line endings (CRLF)",
    mine: CRLF_DIFF1_TXT,
    base: CRLF_ORIG_TXT,
    theirs: CRLF_DIFF2_TXT,
    options: [],
    labels: ["crlf-diff1.txt","crlf-orig.txt","crlf-diff2.txt"],
    status: 1,
    expected: "1\r\n2\r\n<<<<<<< crlf-diff1.txt\r\n4\r\n=======\r\n5\r\n>>>>>>> crlf-diff2.txt\r\n",
  },
  {
    name: "merging C files with the myers diff algorithm (--diff3)",
    mine: OURS_C,
    base: BASE_C,
    theirs: THEIRS_C,
    options: ["--diff3"],
    labels: ["ours.c","base.c","theirs.c"],
    status: 2,
    expected: "int g(size_t u)\n{\nwhile (u < 30)\n{\nu++;\n}\nreturn u;\n}\n\nint h(int x, int y, int z)\n{\n<<<<<<< ours.c\nif (z == 0)\n||||||| base.c\nwhile (u < 30)\n=======\nwhile (u > 34)\n>>>>>>> theirs.c\n{\n<<<<<<< ours.c\nreturn x;\n||||||| base.c\nu++;\n=======\nu--;\n>>>>>>> theirs.c\n}\nreturn y;\n}\n",
  },
  {
    name: "merging C files with the myers diff algorithm (default style)",
    mine: OURS_C,
    base: BASE_C,
    theirs: THEIRS_C,
    options: [],
    labels: ["ours.c","base.c","theirs.c"],
    status: 1,
    expected: "int g(size_t u)\n{\nwhile (u < 30)\n{\nu++;\n}\nreturn u;\n}\n\nint h(int x, int y, int z)\n{\n<<<<<<< ours.c\nif (z == 0)\n{\nreturn x;\n=======\nwhile (u > 34)\n{\nu--;\n>>>>>>> theirs.c\n}\nreturn y;\n}\n",
  },
];

describe("merge3 agrees with git merge-file: t6403", () => {
  it.each(rows)("$name", (row) => {
    const { text, conflicts } = merge3As(row);
    expect(text).toBe(row.expected);
    expect(conflicts).toBe(row.status);
  });
});

describe("the t6403 table is what git merge-file prints", () => {
  const oracles = new MergeOracles();
  afterAll(() => oracles.dispose());

  it.each(rows)("$name", ({ mine, base, theirs, options, labels, status, expected }) => {
    const git = oracles.gitMergeFile(base, mine, theirs, options, labels);
    expect(git.status).toBe(status);
    expect(git.stdout).toBe(expected);
  });
});
