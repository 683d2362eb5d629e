import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { KurokoError } from "./errors.js";

/** Reads a JSON or YAML file that configures Kuroko (`setting` names it in errors). */
export function readDataFile(path: string, setting: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new KurokoError(`Cannot read ${setting}=${path}: ${(error as Error).message}`);
  }
  const json = /\.json$/i.test(path);
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new KurokoError(
      `${setting}=${path} is not valid ${json ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
}
