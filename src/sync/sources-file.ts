import { readDataFile } from "../data-file.js";
import { parseSourcesFile, type WarehouseSource } from "./sources.js";

/**
 * The warehouse sources in force: the file at `path` (KUROKO_SOURCES_PATH), each database URL
 * read from `env`; unset, none (the sync job does nothing). A wrong file, or a URL's variable not
 * set, is refused with every problem listed.
 */
export function loadSources(
  path: string | undefined,
  env: Record<string, string | undefined>,
): WarehouseSource[] {
  return path ? parseSourcesFile(readDataFile(path, "KUROKO_SOURCES_PATH"), path, env) : [];
}
