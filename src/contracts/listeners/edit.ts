import { translator } from "../../i18n/index.js";
import { fixedLocale } from "../../slack/locale.js";
import { idFrom } from "../../slack/parse.js";
import { type ContractDeps, loadRequest, recordRefusal } from "../service.js";
import { STATUSES } from "../state.js";
import { buildIntakeModal } from "../views/intake-modal.js";
import { type Click, tell } from "./support.js";

/** "Edit and resubmit" in the requester's DM after "Request changes". */
export function editHandlers(deps: ContractDeps) {
  const readers = deps.locales ?? fixedLocale("en");

  /** Opens the request in the intake form, for its requester, while it waits for their changes. */
  async function handleEditClick(click: Click) {
    const { ack, action, body, client } = click;
    await ack();
    const locale = readers.localeOf(body.user.id);
    const id = idFrom(action.value);
    const request = id ? await loadRequest(deps, id) : undefined;
    if (!request || request.requesterId !== body.user.id || request.status !== "changes_requested") {
      if (request) {
        const reason =
          request.requesterId !== body.user.id
            ? "only the requester can edit it"
            : `it is ${STATUSES[request.status].toLowerCase()}, not waiting for changes`;
        await recordRefusal(deps, request.id, body.user.id, "edit", reason);
      }
      await tell(click, translator(await locale).t("intake.editRefused"));
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildIntakeModal(
        { ...request, account: request.account },
        { requestId: request.id },
        translator(await locale),
      ),
    });
  }

  return { handleEditClick };
}
