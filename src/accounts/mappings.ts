import { z } from "zod";
import { KurokoError } from "../errors.js";

/**
 * Column mappings: how a CRM export's columns become Kuroko's, so that a Salesforce report or a
 * HubSpot export imports as it was downloaded, without editing it in a spreadsheet first. A
 * mapping names, for each Kuroko column, the export's column(s) it is read from; the export's
 * other columns are ignored (and listed in the import's summary). Ready mappings cover the
 * default headers of the common exports; a team copies one into a YAML file to change it
 * (docs/crm-exports.md).
 */

/** A mapping: a name (ready mapping or file), what it reads, and each Kuroko column's sources. */
export interface ColumnMapping {
  name: string;
  /** What the export is, as a suggestion names it: "Salesforce account report (English headers)". */
  label: string;
  /**
   * Kuroko column → the export's headers it is read from, in order of preference: the first
   * one the file has is used, any other is ignored.
   */
  columns: Readonly<Record<string, readonly string[]>>;
}

/**
 * Headers as they are compared: Unicode-folded (full-width letters), lower case, without spaces,
 * underscores, hyphens or colons, so that "取引先 ID", "取引先ID" and "Account_ID" match.
 */
export const headerMatchKey = (header: string) =>
  header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-:]+/g, "");

/**
 * The ready mappings, for the exports' DEFAULT headers (docs/crm-exports.md says where each
 * header comes from). An export names the owner by name (`Account Owner`), and Slack finds
 * people by e-mail only: the owner is read from an e-mail column added to the report; without
 * one the accounts import without owners, and the summary says which column to add.
 */
export const READY_MAPPINGS: readonly ColumnMapping[] = [
  {
    name: "salesforce",
    label: "Salesforce account report (English headers)",
    columns: {
      external_id: ["Account ID"],
      name: ["Account Name"],
      domain: ["Website"],
      arr: ["Annual Revenue"],
      currency: ["Account Currency", "Currency"],
      segment: ["Type"],
      owner_email: ["Account Owner Email", "Account Owner: Email", "Owner Email"],
    },
  },
  {
    name: "salesforce-ja",
    label: "Salesforce account report (Japanese headers)",
    columns: {
      external_id: ["取引先 ID"],
      name: ["取引先名"],
      domain: ["Web サイト"],
      arr: ["年間売上"],
      currency: ["取引先 通貨", "通貨"],
      segment: ["種別"],
      owner_email: ["取引先 所有者 メール", "取引先 所有者: メール", "所有者 メール"],
    },
  },
  {
    name: "hubspot",
    label: "HubSpot companies export (English headers)",
    columns: {
      external_id: ["Record ID"],
      name: ["Company name"],
      domain: ["Company Domain Name", "Website URL"],
      arr: ["Annual Revenue"],
      segment: ["Type"],
      owner_email: ["Company owner email"],
    },
  },
  {
    name: "hubspot-ja",
    label: "HubSpot companies export (Japanese headers)",
    columns: {
      external_id: ["レコードID"],
      name: ["会社名"],
      domain: ["会社のドメイン名", "ドメイン名", "ウェブサイトURL"],
      arr: ["年間売上高", "年間売上"],
      segment: ["タイプ"],
      owner_email: ["会社の所有者のメールアドレス"],
    },
  },
];

/** The names of the ready mappings, as `--mapping` takes them. */
export const READY_MAPPING_NAMES = READY_MAPPINGS.map((m) => m.name);

/** A ready mapping by name. */
export const readyMapping = (name: string) => READY_MAPPINGS.find((m) => m.name === name);

/** A mapping file was refused: every problem is listed. */
export class MappingInvalid extends KurokoError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `The column mapping ${source} has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}; nothing was imported.\n` +
        problems.map((p) => `  ${p}`).join("\n"),
    );
  }
}

const headers = z.union([z.string(), z.array(z.string())]);

/** A mapping file: `columns:` maps each Kuroko column to a header or a list of them. */
const mappingFile = z.object({
  label: z.string().optional(),
  columns: z.record(z.string(), headers),
});

/**
 * Reads a mapping file's content (already parsed from YAML or JSON), named `source` in errors.
 * Every problem is listed at once: a Kuroko column that does not exist (naming those that do,
 * `known`), an empty header, a header listed for two columns. Throws `MappingInvalid`.
 */
export function parseMapping(data: unknown, source: string, known: readonly string[]): ColumnMapping {
  const parsed = mappingFile.safeParse(data);
  if (!parsed.success) {
    throw new MappingInvalid(
      source,
      parsed.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? issue.path.join(".") : "the file";
        return `${where}: ${issue.message} (expected "columns:" mapping each Kuroko column to the export's header)`;
      }),
    );
  }
  const problems: string[] = [];
  const columns: Record<string, string[]> = {};
  const claimedBy = new Map<string, string>();
  for (const [target, value] of Object.entries(parsed.data.columns)) {
    if (!known.includes(target)) {
      problems.push(`"${target}" is not a Kuroko column (the columns are: ${known.join(", ")})`);
      continue;
    }
    const list = typeof value === "string" ? [value] : value;
    if (list.length === 0) problems.push(`${target}: no header given`);
    for (const header of list) {
      const key = headerMatchKey(header);
      if (key === "") {
        problems.push(`${target}: an empty header`);
        continue;
      }
      const other = claimedBy.get(key);
      if (other && other !== target) {
        problems.push(`"${header}" is mapped to both ${other} and ${target}`);
        continue;
      }
      claimedBy.set(key, target);
    }
    columns[target] = list;
  }
  if (problems.length > 0) throw new MappingInvalid(source, problems);
  return { name: source, label: parsed.data.label ?? source, columns };
}

/** What a mapping makes of a header: each column's Kuroko name (undefined: ignored), and those ignored. */
export interface ResolvedHeader {
  targets: (string | undefined)[];
  ignored: string[];
}

/**
 * Resolves a file's header through a mapping: for each Kuroko column, the first of its headers
 * the file has (by `headerMatchKey`); every other column is ignored, listed by its header.
 */
export function resolveHeader(fields: readonly string[], mapping: ColumnMapping): ResolvedHeader {
  const keys = fields.map(headerMatchKey);
  const targets: (string | undefined)[] = fields.map(() => undefined);
  for (const [target, sources] of Object.entries(mapping.columns)) {
    for (const source of sources) {
      const index = keys.indexOf(headerMatchKey(source));
      if (index >= 0 && targets[index] === undefined) {
        targets[index] = target;
        break;
      }
    }
  }
  const ignored = fields.filter((_, i) => targets[i] === undefined);
  return { targets, ignored };
}

/** The first header a mapping reads a column from, for messages ("takes it from "Account ID""). */
export const sourcesOf = (mapping: ColumnMapping, target: string) =>
  (mapping.columns[target] ?? []).map((s) => `"${s}"`).join(" or ");

/**
 * The ready mapping a header most likely needs: the one that finds the most of its columns in
 * the header, among those that find at least the external id and the name. Undefined when none.
 */
export function suggestMapping(fields: readonly string[]): ColumnMapping | undefined {
  let best: { mapping: ColumnMapping; score: number } | undefined;
  for (const mapping of READY_MAPPINGS) {
    const { targets } = resolveHeader(fields, mapping);
    if (!targets.includes("external_id") || !targets.includes("name")) continue;
    const score = targets.filter((t) => t !== undefined).length / Object.keys(mapping.columns).length;
    if (!best || score > best.score) best = { mapping, score };
  }
  return best?.mapping;
}

/** The columns exports name the owner by name in (Slack cannot find a person by name). */
const OWNER_NAME_HEADERS = ["Account Owner", "取引先 所有者", "Company owner", "会社の所有者"].map(
  headerMatchKey,
);

/**
 * What to tell a team whose export named owners by name only: which ignored column it was, and
 * what to add to the report. Undefined when the owners were read or no such column was there.
 */
export function ownerNameNote(ignored: readonly string[], owners: boolean): string | undefined {
  if (owners) return undefined;
  const column = ignored.find((header) => OWNER_NAME_HEADERS.includes(headerMatchKey(header)));
  if (!column) return undefined;
  return (
    `Owners were not set: "${column}" holds names, and Slack finds people by e-mail. ` +
    "Add the owner's e-mail field to the report and import it again (docs/crm-exports.md)."
  );
}
