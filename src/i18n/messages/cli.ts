/**
 * The CLI's human output (src/cli/): printed in KUROKO_LOCALE; --json stays language-neutral.
 * English and Japanese side by side: `cliJa` must have exactly `cliEn`'s keys (the compiler
 * checks; test/unit/i18n.test.ts checks the placeholders). See src/i18n/en.ts for the rules.
 * Command names, flags and file names (`kuroko seed`, `--csv FILE`) stay as typed.
 */
export const cliEn = {
  // Help and usage (src/cli/usage.ts, main.ts, parse.ts)
  "cli.help.title": "kuroko: Kuroko's command line (CS Ops in Slack).",
  "cli.help.commands": "Commands:",
  "cli.help.usage": "Usage:",
  "cli.help.arguments": "Arguments:",
  "cli.help.options": "Options:",
  "cli.help.showHelp": "show this help",
  "cli.help.range": "({min} to {max})",
  // Option and argument descriptions in --help: English is the command's own declaration.
  "cli.option.accounts.renewing-within": "only accounts renewing within this many days",
  "cli.option.accounts.limit": "list at most N accounts",
  "cli.option.audit.from": "export events from this day (UTC)",
  "cli.option.audit.to": "up to this day (UTC, not included)",
  "cli.option.audit.csv": "the CSV file to write (UTF-8 with a BOM)",
  "cli.option.audit.encoding":
    "the file's encoding: utf8 (with a BOM, the default) or cp932 (Japanese Excel)",
  "cli.option.requests.status": "only these statuses (comma-separated)",
  "cli.option.requests.csv": "write them as CSV (UTF-8 with a BOM) instead",
  "cli.option.requests.encoding":
    "the file's encoding: utf8 (with a BOM, the default) or cp932 (Japanese Excel)",
  "cli.option.import.encoding": "the file's encoding (detected when not given)",
  "cli.option.import.mapping":
    "read a CRM export's columns through a ready mapping or a mapping file (accounts)",
  "cli.option.run-job.force": "run the current slot again even if it is done",
  "cli.option.run-job.dry-run": "print what would be sent; send and write nothing",
  "cli.option.seed.accounts": "how many demo accounts",
  "cli.option.snapshot.date": "the day to score (default: today)",
  "cli.option.sync.source": "pull only this source",
  "cli.option.sync.dry-run": "run the queries and every check, then roll back: say what would be written",
  "cli.option.webhooks.failed": "list deliveries given up on and those still being retried",
  "cli.option.webhooks.retry": "send the given-up delivery ID again (from --failed)",
  "cli.option.json": "print the result as JSON",
  "cli.arg.audit.0": "the request whose trail to print",
  "cli.arg.health.0": "the account: part of its name, its domain or its CRM id",
  "cli.arg.import.0": "what the file holds",
  "cli.arg.import.1": "the file (UTF-8 or Shift_JIS/CP932)",
  "cli.arg.run-job.0": "the job, from the schedule",
  "cli.help.footer":
    "`kuroko <command> --help` explains a command's arguments and options. Every command that\nprints data takes --json. Exit codes: 0 done, 1 refused or failed, 2 usage. The database is\nthe embedded one in KUROKO_DATA_DIR, or PostgreSQL when DATABASE_URL is set.",
  "cli.usage": "usage: {line}",
  "cli.unknownCommand": 'Unknown command "{name}".',
  "cli.parse.noArguments": 'kuroko {command} takes no arguments, not "{extra}".',
  "cli.parse.tooMany":
    'kuroko {command} takes at most {most, plural, one {# argument} other {# arguments}}; "{extra}" is one too many.',
  "cli.parse.wholeNumber": '--{name} must be a whole number from {min} to {max}, not "{raw}".',
  "cli.parse.unknownOption": "kuroko {command} does not take {flag}; its options are {options}.",
  "cli.parse.unknownOptionUnnamed":
    "kuroko {command} does not take an option given; its options are {options}.",
  "cli.summary.migrate": "bring the database schema up to date (every command also does it first)",
  "cli.summary.seed": "load the demo portfolio (safe to run twice)",
  "cli.summary.import": "import accounts, metrics or outcomes from a CSV file (all rows or none)",
  "cli.summary.accounts": "list the portfolio",
  "cli.summary.health": "an account's health card as text",
  "cli.summary.snapshot": "score the whole portfolio and store today's snapshots (idempotent)",
  "cli.summary.requests": "list contract requests, soonest SLA first",
  "cli.summary.audit":
    "a contract request's audit trail (CR-1042), or every event from --from to --to as CSV",
  "cli.summary.run-job": "run a scheduled job now ({jobs}), once across machines",
  "cli.summary.sync":
    "pull accounts, metrics and outcomes from the warehouse sources now (each all rows or none)",
  "cli.summary.webhooks":
    "webhook deliveries that failed (given up or still retrying), or send a given-up one again",
  "cli.summary.demo": "seed the embedded database and show what Kuroko sees",

  // CSV exports (src/cli/csv-export.ts)
  "cli.export.encoding": '--encoding takes utf8 or cp932, not "{value}".',
  "cli.export.cannotWrite": "Cannot write {file}: {reason}",
  "cli.export.unencodable":
    "Nothing was written to {file}: {count, plural, one {# character} other {# characters}} cannot be written in CP932 (Japanese Excel's encoding). Change them, or export with --encoding utf8:",
  "cli.export.unencodableAt": 'line {line}, column {column}: "{character}" ({code})',
  "cli.export.more": "and {count, plural, one {# more} other {# more}}",

  // People's names (src/cli/people.ts), on stderr
  "cli.people.noToken":
    "People are shown as Slack ids: set SLACK_BOT_TOKEN (the bot's, with users:read) to show their names.",
  "cli.people.failed": "Could not look up names in Slack ({failure}): people are shown as Slack ids.",
  "cli.people.notFound":
    "{count, plural, one {# Slack id} other {# Slack ids}} not found in Slack: shown as ids.",
  "cli.people.overBound": "Names looked up for {max} people at most per run: {more} more shown as Slack ids.",

  // kuroko snapshot
  "cli.snapshot.date": '--date must be YYYY-MM-DD, not "{raw}".',
  "cli.snapshot.done":
    "Scored {accounts, plural, one {# account} other {# accounts}} for {day} in {seconds} s: {green} green, {yellow} yellow, {red} red (model {model}).",

  // kuroko health
  "cli.health.which": "Say which account: a name, a domain or a CRM id.",
  "cli.health.several": 'Several accounts match "{query}":',
  "cli.health.none": 'No account matches "{query}".',
  "cli.health.noneNearest": 'No account matches "{query}". Nearest: {names}.',

  // kuroko import
  "cli.import.what": "Say what to import and from which file.",
  "cli.import.cannotRead": "Cannot read {file}: {reason}",
  "cli.import.checking": "Checking {file}",
  "cli.import.importing": "Importing {kind, select, accounts {accounts} metrics {metrics} other {outcomes}}",
  "cli.import.accounts":
    "Imported {rows, plural, one {# account} other {# accounts}} from {file}; read as {encoding}.",
  "cli.import.accountsCounts":
    "Imported {rows, plural, one {# account} other {# accounts}} from {file} ({created} new, {updated} updated); read as {encoding}.",
  "cli.import.outcomes":
    "Imported {rows, plural, one {# outcome} other {# outcomes}} from {file}; read as {encoding}.",
  "cli.import.outcomesCounts":
    "Imported {rows, plural, one {# outcome} other {# outcomes}} from {file} ({created} new, {updated} updated); read as {encoding}.",
  "cli.import.metrics":
    "Imported metrics for {rows, plural, one {# account-day} other {# account-days}} from {file}; read as {encoding}.",
  "cli.import.mappingAll": "Read with the mapping {mapping}; every column was used.",
  "cli.import.mappingIgnored":
    "Read with the mapping {mapping}; {count, plural, one {# column} other {# columns}} ignored: {columns}.",
  "cli.import.rejected": "{file}: {reason}",

  // kuroko accounts
  "cli.accounts.account": "Account",
  "cli.accounts.externalId": "External id",
  "cli.accounts.arr": "ARR",
  "cli.accounts.renewal": "Renewal",
  "cli.accounts.owner": "Owner",
  "cli.accounts.segment": "Segment",
  "cli.accounts.renewsOn": "{day} ({days} d)",
  "cli.accounts.renewedOn": "{day} (-{days} d)",
  "cli.accounts.none":
    "No accounts yet: run `kuroko seed` for the demo portfolio, or `kuroko import accounts FILE.csv`.",
  "cli.accounts.count": "{count, plural, one {# account} other {# accounts}}.",

  // kuroko requests
  "cli.requests.unknownStatus": "Unknown status {statuses}: use {known}.",
  "cli.requests.wrote":
    "Wrote {count, plural, one {# contract request} other {# contract requests}} to {file}.",
  "cli.requests.none": "No contract requests match.",
  "cli.requests.request": "Request",
  "cli.requests.type": "Type",
  "cli.requests.account": "Account",
  "cli.requests.amount": "Amount",
  "cli.requests.status": "Status",
  "cli.requests.stage": "Stage",
  "cli.requests.document": "Document",
  "cli.requests.assignee": "Assignee",
  "cli.requests.slaDue": "SLA due ({timezone})",
  "cli.requests.overdue": "{due} OVERDUE",

  // kuroko audit
  "cli.audit.notNumber": '"{reference}" is not a request number such as CR-1042.',
  "cli.audit.day": "--{flag} must be a date as YYYY-MM-DD.",
  "cli.audit.toAfterFrom": "--to must come after --from.",
  "cli.audit.nameOne": "Name a request (CR-1042), or export a range with --from, --to and --csv FILE.",
  "cli.audit.wrote":
    "Wrote {count, plural, one {# audit event} other {# audit events}} ({from} to {to}) to {file}.",
  "cli.audit.when": "When (UTC)",
  "cli.audit.who": "Who",
  "cli.audit.what": "What",
  "cli.audit.from": "From",
  "cli.audit.to": "To",
  "cli.audit.comment": "Comment",
  "cli.audit.onBehalfOf": "{actor} on behalf of {principal}",
  "cli.audit.action.submitted": "submitted",
  "cli.audit.action.assigned": "assigned",
  "cli.audit.action.unassigned": "unassigned",
  "cli.audit.action.reassigned": "reassigned",
  "cli.audit.action.approved": "approved",
  "cli.audit.action.approved_step": "approved_step",
  "cli.audit.action.rejected": "rejected",
  "cli.audit.action.changes_requested": "changes_requested",
  "cli.audit.action.resubmitted": "resubmitted",
  "cli.audit.action.withdrawn": "withdrawn",
  "cli.audit.action.escalated": "escalated",
  "cli.audit.action.refused": "refused",
  // kuroko health: the card as text (src/health/text.ts); band words, signals, components and the
  // alert's reason come from the health card's catalogue (src/i18n/en.ts)
  "cli.health.title": "{name} ({id})",
  "cli.health.titleDomain": "{name} ({id}, {domain})",
  "cli.health.colour": "{band, select, red {red} yellow {yellow} other {green}}",
  "cli.health.score": "Health: {score}/100, {band}: {meaning}",
  "cli.health.scoreHeld": "Health: {score}/100, {band}: {meaning} ({held})",
  "cli.health.noScore": "Health: no score yet (no metrics)",
  "cli.health.trend": "Trend (90 d): {trend}",
  "cli.health.why": "Why: {change}",
  "cli.health.components": "Components:",
  "cli.health.component": "  {label} {score} {band}  {share}% of score  {signals}",
  "cli.health.signal": "{label} {value}",
  "cli.health.signalStale": "{label} {value} (stale)",
  "cli.health.missing": "  {label}   -  no data (its weight is shared by the rest)",
  "cli.health.arr": "ARR: {money}",
  "cli.health.renewal": "Renewal: {day} ({days, plural, =0 {today} one {in # day} other {in # days}})",
  "cli.health.renewed": "Renewal: {day} ({days, plural, one {# day ago} other {# days ago}})",
  "cli.health.noRenewal": "Renewal: not set",
  "cli.health.owner": "Owner: {owner}    Open contract requests: {count}",
  "cli.health.noOwner": "Owner: unassigned    Open contract requests: {count}",
  "cli.health.paperwork": "Paperwork: {list}",
  "cli.health.alert": "Alert: {state}",
  "cli.health.model": "Model: {name} {version}",
  "cli.health.at": "{day} {time} UTC",
  "cli.health.alert.none": "none open",
  "cli.health.alert.open": "open since {since}: {reason}",
  "cli.health.alert.acknowledged": "acknowledged (open since {since}): {reason}",
  "cli.health.alert.acknowledgedBy": "acknowledged by {user} (open since {since}): {reason}",
  "cli.health.alert.snoozedUntil": "snoozed until {until}: {reason}",
  "cli.health.alert.snoozedByUntil": "snoozed by {user} until {until}: {reason}",
  "cli.health.alert.snoozedMoves": "snoozed until the score moves: {reason}",
  "cli.health.alert.snoozedByMoves": "snoozed by {user} until the score moves: {reason}",

  // The database a command wrote to (src/db/database.ts describes it in English)
  "cli.db.embedded": "embedded database in {dir}",
  "cli.db.memory": "embedded database in memory",
  "cli.db.postgres": "PostgreSQL at {url}",

  // kuroko migrate
  "cli.migrate.applied": "Applied: {migrations}",
  "cli.migrate.upToDate": "Up to date ({database}).",

  // kuroko seed and kuroko demo
  "cli.seed.progress": "Seeding",
  "cli.seed.done":
    "Seeded {accounts, plural, one {# demo account} other {# demo accounts}} ({created} new, {updated} updated) and {samples} metric samples into the {database}.",
  "cli.demo.progress": "Seeding the demo portfolio",
  "cli.demo.title":
    "Kuroko demo: {accounts, plural, one {# account} other {# accounts}} in the {database}, ARR {totals}.",
  "cli.demo.renewing": "Renewing in the next 30 days ({count}):",
  "cli.demo.next":
    "Next: `npm run kuroko -- health <name>` for any account; `npm run playground` tries the bot in a browser; `npm start` runs it in Slack.",

  // kuroko sync
  "cli.sync.noSources": "No sources: set KUROKO_SOURCES_PATH to a sources file (see docs/data.md).",
  "cli.sync.failed":
    "{source} ({kind, select, accounts {accounts} metrics {metrics} other {outcomes}}): FAILED after {ms} ms, nothing written: {error}",
  "cli.sync.wrote":
    "{source} ({kind, select, accounts {accounts} metrics {metrics} other {outcomes}}): {dryRun, select, yes {would write} other {wrote}} {rows} {kind, select, accounts {accounts} metrics {account-days of metrics} other {outcomes}}, {ms} ms",
  "cli.sync.wroteCounts":
    "{source} ({kind, select, accounts {accounts} metrics {metrics} other {outcomes}}): {dryRun, select, yes {would write} other {wrote}} {rows} {kind, select, accounts {accounts} metrics {account-days of metrics} other {outcomes}} ({created} new, {updated} updated), {ms} ms",
  "cli.sync.summary":
    "{sources, plural, one {# source} other {# sources}}.{dryRun, select, yes { Dry run: nothing was written.} other {}}",
  "cli.sync.summaryFailed":
    "{sources, plural, one {# source} other {# sources}}; {failed} failed.{dryRun, select, yes { Dry run: nothing was written.} other {}}",

  // kuroko run-job (and the slot lines of src/jobs/runner.ts)
  "cli.runJob.which": "Name one job.",
  "cli.runJob.slot": "{day} {time} ({timezone})",
  "cli.runJob.ahead": "Running today's {job} slot, {slot}, now (ahead of its time).",
  "cli.runJob.unscheduled": "No {job} run is scheduled today; running it by hand for {slot}.",
  "cli.runJob.laterToday": "The next {job} run is later today, {slot}. It would do this:",
  "cli.runJob.nextDay": "No {job} run is scheduled today; the next is {slot}. It would do this:",
  "cli.runJob.done": "{job} {slot}: done {summary}",
  "cli.runJob.doneDelivered": "{job} {slot}: done {summary}; delivered {delivered}",
  "cli.runJob.dryRun": "{job} {slot}: dry run, nothing sent {summary}",
  "cli.runJob.notRun": "{job} {slot}: not run, {reason}.",
  "cli.runJob.reason.failed": 'the last run of this slot failed with "{error}"; --force runs it again',
  "cli.runJob.reason.failedAt":
    'the last run of this slot failed at {at} with "{error}"; --force runs it again',
  "cli.runJob.reason.anError": "an error",
  "cli.runJob.reason.done": "another run has done this slot (--force runs it again)",
  "cli.runJob.reason.running": "another run has this slot ({owner}, still alive; --force runs it again)",
  "cli.runJob.reason.anotherProcess": "another process",

  // kuroko webhooks
  "cli.webhooks.which": "Give --failed, or --retry ID.",
  "cli.webhooks.notBoth": "Give either --failed or --retry ID, not both.",
  "cli.webhooks.retried": "Delivery {id} will be sent again.",
  "cli.webhooks.none": "No failed webhook deliveries.",
  "cli.webhooks.id": "ID",
  "cli.webhooks.endpoint": "Endpoint",
  "cli.webhooks.state": "State",
  "cli.webhooks.stateValue": "{state, select, failed {failed} other {retrying}}",
  "cli.webhooks.event": "Event",
  "cli.webhooks.eventId": "Event id",
  "cli.webhooks.tries": "Tries",
  "cli.webhooks.created": "Created (UTC)",
  "cli.webhooks.nextTry": "Next try (UTC)",
  "cli.webhooks.lastError": "Last error",
  "cli.webhooks.more": "… and {count, plural, one {# more} other {# more}}, newer ones not listed.",

  // kuroko import: a refusal's problems, each with the importer's own (English) reason
  "cli.import.megabytes": "{size} MB",
  "cli.import.refused": "Refused: {total, plural, one {# problem} other {# problems}}; nothing was imported.",
  "cli.import.problem": "  line {line}: {reason}",
  "cli.import.problemField": "  line {line}, column {field}: {reason}",
  "cli.import.moreProblems": "  … and {count, plural, one {# more problem} other {# more problems}}",
  "cli.import.mappingAccountsOnly": "--mapping reads accounts files only.",
  "cli.import.mappingWhich": '--mapping takes {names} or a mapping file (.yaml or .json), not "{value}".',
} as const;

export const cliJa: { readonly [K in keyof typeof cliEn]: string } = {
  "cli.help.title":
    "`kuroko`: スラックで動くカスタマーサクセス・オペレーション支援ツールのコマンドラインです。",
  "cli.help.commands": "コマンド:",
  "cli.help.usage": "使い方:",
  "cli.help.arguments": "引数:",
  "cli.help.options": "オプション:",
  "cli.help.showHelp": "このヘルプを表示します",
  "cli.help.range": "({min}〜{max})",
  "cli.option.accounts.renewing-within": "この日数以内に更新を迎えるアカウントのみ",
  "cli.option.accounts.limit": "表示するアカウントの上限数",
  "cli.option.audit.from": "この日からのイベントを出力します(協定世界時)",
  "cli.option.audit.to": "この日の前日まで(この日は含みません。協定世界時)",
  "cli.option.audit.csv": "書き出す `CSV` ファイル(既定は `BOM` 付き `UTF-8`)",
  "cli.option.audit.encoding":
    "ファイルの文字コード: `utf8`(`BOM` 付き、既定)または `cp932`(日本語版エクセル向け)",
  "cli.option.requests.status": "指定したステータスのみ(カンマ区切り)",
  "cli.option.requests.csv": "一覧の代わりに `CSV` ファイルへ書き出します(既定は `BOM` 付き `UTF-8`)",
  "cli.option.requests.encoding":
    "ファイルの文字コード: `utf8`(`BOM` 付き、既定)または `cp932`(日本語版エクセル向け)",
  "cli.option.import.encoding": "ファイルの文字コード(省略時は自動判定)",
  "cli.option.import.mapping":
    "CRM のエクスポートの列を、用意済みのマッピングまたはマッピングファイルで読み込みます(アカウントのみ)",
  "cli.option.run-job.force": "実行済みでも今回の枠をもう一度実行します",
  "cli.option.run-job.dry-run": "送信内容を表示するだけで、送信も書き込みもしません",
  "cli.option.seed.accounts": "デモ用アカウントの数",
  "cli.option.snapshot.date": "スコアを計算する日(省略時は今日)",
  "cli.option.sync.source": "この連携元だけを取り込みます",
  "cli.option.sync.dry-run":
    "クエリとすべてのチェックを実行したうえで取り消し、書き込まれる内容だけを表示します",
  "cli.option.webhooks.failed": "再送を断念した配信と再送中の配信を一覧表示します",
  "cli.option.webhooks.retry": "再送を断念した配信(`--failed` で確認した ID)をもう一度送信します",
  "cli.option.json": "結果を `JSON` で出力します",
  "cli.arg.audit.0": "監査ログを表示する申請",
  "cli.arg.health.0": "アカウント: 名前の一部、ドメイン、または CRM ID",
  "cli.arg.import.0": "ファイルの内容",
  "cli.arg.import.1": "ファイル(`UTF-8` または `Shift_JIS`/`CP932`)",
  "cli.arg.run-job.0": "実行する定期ジョブ",
  "cli.help.footer":
    "`kuroko <command> --help` で各コマンドの引数とオプションを確認できます。データを表示するコマンドは\nすべて `--json` に対応しています。終了コード: 0 完了、1 拒否または失敗、2 使い方の誤り。データベースは\n`KUROKO_DATA_DIR` の組み込みデータベース、`DATABASE_URL` を設定した場合は `PostgreSQL` です。",
  "cli.usage": "使い方: {line}",
  "cli.unknownCommand": "「{name}」というコマンドはありません。",
  "cli.parse.noArguments": "`kuroko {command}` は引数を取りません(「{extra}」は不要です)。",
  "cli.parse.tooMany":
    "`kuroko {command}` の引数は最大 {most, plural, other {#}} 個です。「{extra}」が多すぎます。",
  "cli.parse.wholeNumber": "`--{name}` には {min}〜{max} の整数を指定してください(「{raw}」は使えません)。",
  "cli.parse.unknownOption":
    "`kuroko {command}` に {flag} というオプションはありません。使えるオプション: {options}",
  "cli.parse.unknownOptionUnnamed":
    "`kuroko {command}` に指定されたオプションはありません。使えるオプション: {options}",
  "cli.summary.migrate": "データベースのスキーマを最新にします(どのコマンドも最初に自動で行います)",
  "cli.summary.seed": "デモ用のアカウントを読み込みます(2回実行しても問題ありません)",
  "cli.summary.import":
    "`CSV` ファイルからアカウント・メトリクス・成果を取り込みます(全行取り込むか、何も取り込まないか)",
  "cli.summary.accounts": "担当アカウントの一覧を表示します",
  "cli.summary.health": "アカウントのヘルスカードをテキストで表示します",
  "cli.summary.snapshot":
    "全アカウントのスコアを計算し、本日のスナップショットを保存します(何度実行しても結果は同じです)",
  "cli.summary.requests": "契約申請の一覧を対応期限の近い順に表示します",
  "cli.summary.audit":
    "契約申請の監査ログ(`CR-1042`)、または `--from`〜`--to` の全イベントを `CSV` で出力します",
  "cli.summary.run-job": "定期ジョブ(`{jobs}`)を今すぐ実行します(複数台で動かしていても1回だけ)",
  "cli.summary.sync":
    "データウェアハウスの連携元からアカウント・メトリクス・成果を今すぐ取り込みます(それぞれ全行取り込むか、何も取り込まないか)",
  "cli.summary.webhooks":
    "失敗したウェブフック配信(再送を断念したもの・再送中のもの)の一覧と、断念した配信の再送を行います",
  "cli.summary.demo": "組み込みデータベースにデモデータを読み込み、ヘルススコアなどの表示例をお見せします",

  "cli.export.encoding":
    "`--encoding` には `utf8` または `cp932` を指定してください(「{value}」は使えません)。",
  "cli.export.cannotWrite": "{file} に書き込めません: {reason}",
  "cli.export.unencodable":
    "{file} には何も書き込んでいません。{count, plural, other {#}}文字が `CP932`(日本語版エクセルの文字コード)で表せません。該当の文字を修正するか、`--encoding utf8` で出力してください:",
  "cli.export.unencodableAt": "{line}行目、{column}列: 「{character}」({code})",
  "cli.export.more": "ほか{count, plural, other {#}}件",

  "cli.people.noToken":
    "担当者はスラックのユーザー ID で表示しています。名前で表示するには `SLACK_BOT_TOKEN`(`users:read` 権限のあるボットのトークン)を設定してください。",
  "cli.people.failed":
    "スラックで名前を取得できませんでした({failure})。担当者はユーザー ID で表示しています。",
  "cli.people.notFound":
    "{count, plural, other {#}}件のユーザー ID がスラックに見つからないため、ID のまま表示しています。",
  "cli.people.overBound":
    "名前の取得は1回の実行につき{max}人までです。残り{more}人はユーザー ID で表示しています。",

  "cli.snapshot.date": "`--date` には `YYYY-MM-DD` の形で日付を指定してください(「{raw}」は使えません)。",
  "cli.snapshot.done":
    "{day}のヘルススコアを{accounts, plural, other {#}}件のアカウントについて計算しました({seconds}秒)。良好 {green}件、要注意 {yellow}件、解約リスク {red}件です(モデル `{model}`)。",

  "cli.health.which": "アカウント名、ドメイン、または CRM ID を指定してください。",
  "cli.health.several": "「{query}」に該当するアカウントが複数あります:",
  "cli.health.none": "「{query}」に該当するアカウントはありません。",
  "cli.health.noneNearest": "「{query}」に該当するアカウントはありません。近い候補: {names}",

  "cli.import.what": "取り込む内容とファイルを指定してください。",
  "cli.import.cannotRead": "{file} を読み込めません: {reason}",
  "cli.import.checking": "{file} を確認中",
  "cli.import.importing":
    "{kind, select, accounts {アカウント} metrics {メトリクス} other {成果}}を取り込み中",
  "cli.import.accounts":
    "{file} から{rows, plural, other {#}}件のアカウントを取り込みました(文字コード: `{encoding}`)。",
  "cli.import.accountsCounts":
    "{file} から{rows, plural, other {#}}件のアカウントを取り込みました(新規 {created}件、更新 {updated}件、文字コード: `{encoding}`)。",
  "cli.import.outcomes":
    "{file} から{rows, plural, other {#}}件の成果を取り込みました(文字コード: `{encoding}`)。",
  "cli.import.outcomesCounts":
    "{file} から{rows, plural, other {#}}件の成果を取り込みました(新規 {created}件、更新 {updated}件、文字コード: `{encoding}`)。",
  "cli.import.metrics":
    "{file} からメトリクスを取り込みました(アカウント×日で{rows, plural, other {#}}件、文字コード: `{encoding}`)。",
  "cli.import.mappingAll": "マッピング {mapping} で読み込みました。すべての列を使用しています。",
  "cli.import.mappingIgnored":
    "マッピング {mapping} で読み込みました。使用しなかった列({count, plural, other {#}}列): {columns}",
  "cli.import.rejected": "{file}: {reason}",

  "cli.accounts.account": "アカウント",
  "cli.accounts.externalId": "外部ID",
  "cli.accounts.arr": "ARR",
  "cli.accounts.renewal": "更新日",
  "cli.accounts.owner": "担当者",
  "cli.accounts.segment": "セグメント",
  "cli.accounts.renewsOn": "{day}(残り{days}日)",
  "cli.accounts.renewedOn": "{day}({days}日経過)",
  "cli.accounts.none":
    "まだアカウントがありません。デモデータは `kuroko seed`、`CSV` からは `kuroko import accounts FILE.csv` で取り込めます。",
  "cli.accounts.count": "{count, plural, other {#}}件のアカウント",

  "cli.requests.unknownStatus": "不明なステータスです: `{statuses}`。使えるステータス: `{known}`",
  "cli.requests.wrote": "{count, plural, other {#}}件の契約申請を {file} に書き出しました。",
  "cli.requests.none": "条件に合う契約申請はありません。",
  "cli.requests.request": "申請",
  "cli.requests.type": "種別",
  "cli.requests.account": "アカウント",
  "cli.requests.amount": "金額",
  "cli.requests.status": "ステータス",
  "cli.requests.stage": "段階",
  "cli.requests.document": "契約書",
  "cli.requests.assignee": "担当者",
  "cli.requests.slaDue": "対応期限({timezone})",
  "cli.requests.overdue": "{due} 期限超過",

  "cli.audit.notNumber": "「{reference}」は申請番号(`CR-1042` など)ではありません。",
  "cli.audit.day": "`--{flag}` には日付を `YYYY-MM-DD` の形で指定してください。",
  "cli.audit.toAfterFrom": "`--to` には `--from` より後の日付を指定してください。",
  "cli.audit.nameOne":
    "申請番号(`CR-1042`)を指定するか、`--from`、`--to`、`--csv FILE` で期間を指定して出力してください。",
  "cli.audit.wrote": "{from}〜{to}の監査イベント{count, plural, other {#}}件を {file} に書き出しました。",
  "cli.audit.when": "日時(協定世界時)",
  "cli.audit.who": "実施者",
  "cli.audit.what": "操作",
  "cli.audit.from": "変更前",
  "cli.audit.to": "変更後",
  "cli.audit.comment": "コメント",
  "cli.audit.onBehalfOf": "{actor}({principal} の代理)",
  "cli.audit.action.submitted": "申請",
  "cli.audit.action.assigned": "担当割り当て",
  "cli.audit.action.unassigned": "担当解除",
  "cli.audit.action.reassigned": "担当変更",
  "cli.audit.action.approved": "承認",
  "cli.audit.action.approved_step": "段階承認",
  "cli.audit.action.rejected": "却下",
  "cli.audit.action.changes_requested": "差し戻し",
  "cli.audit.action.resubmitted": "再申請",
  "cli.audit.action.withdrawn": "取り下げ",
  "cli.audit.action.escalated": "エスカレーション",
  "cli.audit.action.refused": "操作の拒否",
  "cli.health.title": "{name}（{id}）",
  "cli.health.titleDomain": "{name}（{id}、{domain}）",
  "cli.health.colour": "{band, select, red {赤} yellow {黄} other {緑}}",
  "cli.health.score": "ヘルススコア: {score}/100（{band}・{meaning}）",
  "cli.health.scoreHeld": "ヘルススコア: {score}/100（{band}・{meaning}、{held}）",
  "cli.health.noScore": "ヘルススコア: まだありません（メトリクスが未登録です）",
  "cli.health.trend": "推移（90日間）: {trend}",
  "cli.health.why": "変動の要因: {change}",
  "cli.health.components": "内訳:",
  "cli.health.component": "  {label} {score}点 {band}  比重{share}%  {signals}",
  "cli.health.signal": "{label} {value}",
  "cli.health.signalStale": "{label} {value}（更新が止まっています）",
  "cli.health.missing": "  {label}   -  データなし（その比重は他の項目に配分しています）",
  "cli.health.arr": "ARR: {money}",
  "cli.health.renewal": "更新日: {day}（{days, plural, =0 {本日} other {#日後}}）",
  "cli.health.renewed": "更新日: {day}（{days, plural, other {#日経過}}）",
  "cli.health.noRenewal": "更新日: 未設定",
  "cli.health.owner": "担当者: {owner}    対応中の契約申請: {count}件",
  "cli.health.noOwner": "担当者: 未割り当て    対応中の契約申請: {count}件",
  "cli.health.paperwork": "契約関連の申請: {list}",
  "cli.health.alert": "アラート: {state}",
  "cli.health.model": "モデル: `{name} {version}`",
  "cli.health.at": "{day} {time}(協定世界時)",
  "cli.health.alert.none": "対応中のアラートはありません",
  "cli.health.alert.open": "{since}から発生中：{reason}",
  "cli.health.alert.acknowledged": "確認済み（{since}から発生）：{reason}",
  "cli.health.alert.acknowledgedBy": "{user} さんが確認済み（{since}から発生）：{reason}",
  "cli.health.alert.snoozedUntil": "{until}まで一時停止中：{reason}",
  "cli.health.alert.snoozedByUntil": "{user} さんが{until}まで一時停止中：{reason}",
  "cli.health.alert.snoozedMoves": "スコアが動くまで一時停止中：{reason}",
  "cli.health.alert.snoozedByMoves": "{user} さんがスコアが動くまで一時停止中：{reason}",

  "cli.db.embedded": "{dir} の組み込みデータベース",
  "cli.db.memory": "メモリ上の組み込みデータベース",
  "cli.db.postgres": "{url} の `PostgreSQL`",

  "cli.migrate.applied": "マイグレーションを適用しました: {migrations}",
  "cli.migrate.upToDate": "データベースのスキーマは最新です({database})。",

  "cli.seed.progress": "デモデータを読み込み中",
  "cli.seed.done":
    "デモ用アカウント{accounts, plural, other {#}}件(新規 {created}件、更新 {updated}件)とメトリクス{samples}件を{database}に読み込みました。",
  "cli.demo.progress": "デモ用のアカウントを読み込み中",
  "cli.demo.title":
    "Kuroko のデモ: {database}に{accounts, plural, other {#}}件のアカウントがあります。ARR の合計は {totals} です。",
  "cli.demo.renewing": "30日以内に更新を迎えるアカウント({count}件):",
  "cli.demo.next":
    "次の一歩: 各アカウントは `npm run kuroko -- health <name>`、ブラウザで試すには `npm run playground`、スラックで動かすには `npm start` を実行してください。",

  "cli.sync.noSources":
    "連携元がありません。`KUROKO_SOURCES_PATH` に連携元ファイルを指定してください(`docs/data.md` 参照)。",
  "cli.sync.failed":
    "{source}({kind, select, accounts {アカウント} metrics {メトリクス} other {成果}}): {ms}ミリ秒で失敗しました。何も書き込んでいません: {error}",
  "cli.sync.wrote":
    "{source}({kind, select, accounts {アカウント} metrics {メトリクス} other {成果}}): {kind, select, accounts {アカウント{rows}件} metrics {メトリクス(アカウント×日で{rows}件)} other {成果{rows}件}}を{dryRun, select, yes {書き込む予定です} other {書き込みました}}({ms}ミリ秒)",
  "cli.sync.wroteCounts":
    "{source}({kind, select, accounts {アカウント} metrics {メトリクス} other {成果}}): {kind, select, accounts {アカウント{rows}件} metrics {メトリクス(アカウント×日で{rows}件)} other {成果{rows}件}}を{dryRun, select, yes {書き込む予定です} other {書き込みました}}(新規 {created}件、更新 {updated}件、{ms}ミリ秒)",
  "cli.sync.summary":
    "連携元{sources, plural, other {#}}件。{dryRun, select, yes {試行のため何も書き込んでいません。} other {}}",
  "cli.sync.summaryFailed":
    "連携元{sources, plural, other {#}}件のうち{failed}件が失敗しました。{dryRun, select, yes {試行のため何も書き込んでいません。} other {}}",

  "cli.runJob.which": "実行するジョブを1つ指定してください。",
  "cli.runJob.slot": "{day} {time}({timezone})",
  "cli.runJob.ahead": "本日の `{job}` の枠({slot})を前倒しで今すぐ実行します。",
  "cli.runJob.unscheduled": "本日は `{job}` の実行予定がないため、{slot}の分として手動で実行します。",
  "cli.runJob.laterToday": "次の `{job}` の実行は本日 {slot} です。実行すると次の処理を行います:",
  "cli.runJob.nextDay":
    "本日は `{job}` の実行予定がありません。次回は {slot} です。実行すると次の処理を行います:",
  "cli.runJob.done": "`{job}`({slot})を実行しました: `{summary}`",
  "cli.runJob.doneDelivered": "`{job}`({slot})を実行しました: `{summary}`。送信: `{delivered}`",
  "cli.runJob.dryRun": "`{job}`({slot})を試行しました(何も送信していません): `{summary}`",
  "cli.runJob.notRun": "`{job}`({slot})は実行しませんでした。{reason}。",
  "cli.runJob.reason.failed": "この枠の前回の実行は「{error}」で失敗しています。`--force` で再実行できます",
  "cli.runJob.reason.failedAt":
    "この枠の前回の実行は {at} に「{error}」で失敗しています。`--force` で再実行できます",
  "cli.runJob.reason.anError": "エラー",
  "cli.runJob.reason.done": "この枠は別の実行で完了しています(`--force` で再実行できます)",
  "cli.runJob.reason.running":
    "この枠は別の実行({owner})が処理中です(まだ動作しています。`--force` で再実行できます)",
  "cli.runJob.reason.anotherProcess": "別のプロセス",

  "cli.webhooks.which": "`--failed` または `--retry ID` を指定してください。",
  "cli.webhooks.notBoth": "`--failed` と `--retry ID` はどちらか一方だけを指定してください。",
  "cli.webhooks.retried": "配信 {id} をもう一度送信します。",
  "cli.webhooks.none": "失敗したウェブフック配信はありません。",
  "cli.webhooks.id": "ID",
  "cli.webhooks.endpoint": "送信先",
  "cli.webhooks.state": "状態",
  "cli.webhooks.stateValue": "{state, select, failed {断念} other {再送中}}",
  "cli.webhooks.event": "イベント",
  "cli.webhooks.eventId": "イベント ID",
  "cli.webhooks.tries": "試行回数",
  "cli.webhooks.created": "作成日時(協定世界時)",
  "cli.webhooks.nextTry": "次回送信(協定世界時)",
  "cli.webhooks.lastError": "直近のエラー",
  "cli.webhooks.more": "…ほか{count, plural, other {#}}件(新しいものは表示していません)。",

  "cli.import.megabytes": "{size}メガバイト",
  "cli.import.refused":
    "取り込みを中止しました。問題が{total, plural, other {#}}件あるため、何も取り込んでいません。",
  "cli.import.problem": "  {line}行目: {reason}",
  "cli.import.problemField": "  {line}行目、{field}列: {reason}",
  "cli.import.moreProblems": "  …ほか{count, plural, other {#}}件の問題",
  "cli.import.mappingAccountsOnly": "`--mapping` はアカウントのファイルにのみ使えます。",
  "cli.import.mappingWhich":
    "`--mapping` には {names}、またはマッピングファイル(`.yaml` か `.json`)を指定してください(「{value}」は使えません)。",
};
