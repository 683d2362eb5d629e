/**
 * The values a message takes, read from the message itself at compile time (pure, types only).
 * An ICU message alternates text and arguments: at text level a `{` opens an argument
 * (`{name}`, `{count, plural, …}`, `{when, date}`), inside an argument a `{` opens one of its
 * branches' text, where arguments may nest again. The parse below follows the braces token by
 * token (never character by character), so it stays cheap for the compiler.
 */

/** A value a message may hold, by the argument's kind. */
type ValueOf<Kind extends string> = Kind extends "plural" | "selectordinal" | "number"
  ? number
  : Kind extends "date" | "time"
    ? Date | number
    : Kind extends "select"
      ? string
      : string | number;

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

/** The head of an argument (what follows its `{` up to the next brace): its name and kind. */
type Head<S extends string> = S extends `${infer H}{${string}`
  ? H extends `${string}}${string}`
    ? Head<H>
    : H
  : S extends `${infer H}}${string}`
    ? H
    : S;

type Argument<H extends string> = H extends `${infer Name},${infer Rest}`
  ? { [K in Trim<Name>]: ValueOf<Trim<Rest extends `${infer Kind},${string}` ? Kind : Rest>> }
  : { [K in Trim<H>]: string | number };

/**
 * The arguments of `S`, intersected. `Depth` counts open braces: even is text (a `{` opens an
 * argument), odd is inside an argument (a `{` opens a branch).
 */
type Arguments<
  S extends string,
  Depth extends unknown[] = [],
  Found = unknown,
> = S extends `${infer A}{${infer B}`
  ? A extends `${infer C}}${infer D}`
    ? Arguments<`${D}{${B}`, Close<Depth, C>, Found>
    : Depth["length"] extends 0 | 2 | 4 | 6
      ? Arguments<B, [...Depth, 0], Found & Argument<Head<B>>>
      : Arguments<B, [...Depth, 0], Found>
  : S extends `${string}}${infer D}`
    ? Arguments<D, Close<Depth, "">, Found>
    : Found;

type Close<Depth extends unknown[], _Text> = Depth extends [...infer R, unknown] ? R : [];

type Flatten<T> = { [K in keyof T]: T[K] };

/** The values message `S` needs: `{}` when it has no argument. */
export type MessageValues<S extends string> = Flatten<Arguments<S>>;
