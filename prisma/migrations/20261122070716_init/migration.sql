-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "accounts" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT,
    "arr" DECIMAL(16,2) NOT NULL DEFAULT 0,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'USD',
    "renewal_date" DATE,
    "owner_slack_id" TEXT,
    "segment" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_samples" (
    "account_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "active_users" INTEGER,
    "licensed_seats" INTEGER,
    "logins_30d" INTEGER,
    "feature_adoption" DOUBLE PRECISION,
    "open_tickets" INTEGER,
    "p1_tickets_30d" INTEGER,
    "nps" INTEGER,
    "csat" DOUBLE PRECISION,
    "days_since_last_touch" INTEGER,
    "days_overdue" INTEGER,

    CONSTRAINT "metric_samples_pkey" PRIMARY KEY ("account_id","date")
);

-- CreateTable
CREATE TABLE "health_snapshots" (
    "account_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "score" INTEGER NOT NULL,
    "band" TEXT NOT NULL,
    "components" JSONB NOT NULL,
    "model_version" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "health_snapshots_pkey" PRIMARY KEY ("account_id","date")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "cause" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "reason" TEXT NOT NULL,
    "details" JSONB,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMP(3),
    "snoozed_until" TIMESTAMP(3),
    "snoozed_by" TEXT,
    "resolved_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_requests" (
    "id" SERIAL NOT NULL,
    "number" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "amount" DECIMAL(16,2),
    "currency" VARCHAR(3),
    "term_months" INTEGER,
    "start_date" DATE,
    "end_date" DATE,
    "due_date" DATE,
    "links" TEXT[],
    "notes" TEXT,
    "requester_id" TEXT NOT NULL,
    "assignee_id" TEXT,
    "queue_channel" TEXT,
    "queue_ts" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "contract_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_events" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT,
    "comment" TEXT,
    "data" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "owner" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "error" TEXT,
    "summary" JSONB,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" SERIAL NOT NULL,
    "dedupe_key" TEXT,
    "method" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "parent_id" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMP(3),
    "last_error" TEXT,
    "ts" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_external_id_key" ON "accounts"("external_id");

-- CreateIndex
CREATE INDEX "accounts_renewal_date_idx" ON "accounts"("renewal_date");

-- CreateIndex
CREATE INDEX "accounts_owner_slack_id_idx" ON "accounts"("owner_slack_id");

-- CreateIndex
CREATE INDEX "health_snapshots_date_band_idx" ON "health_snapshots"("date", "band");

-- CreateIndex
CREATE INDEX "alerts_dedupe_key_status_idx" ON "alerts"("dedupe_key", "status");

-- CreateIndex
CREATE INDEX "alerts_account_id_status_idx" ON "alerts"("account_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "contract_requests_number_key" ON "contract_requests"("number");

-- CreateIndex
CREATE INDEX "contract_requests_status_idx" ON "contract_requests"("status");

-- CreateIndex
CREATE INDEX "contract_requests_requester_id_idx" ON "contract_requests"("requester_id");

-- CreateIndex
CREATE INDEX "contract_requests_assignee_id_idx" ON "contract_requests"("assignee_id");

-- CreateIndex
CREATE INDEX "contract_events_request_id_created_at_idx" ON "contract_events"("request_id", "created_at");

-- CreateIndex
CREATE INDEX "contract_events_created_at_idx" ON "contract_events"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_slot_key" ON "job_runs"("job", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_dedupe_key_key" ON "outbox_messages"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_messages_status_next_attempt_at_idx" ON "outbox_messages"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outbox_messages_channel_id_idx" ON "outbox_messages"("channel", "id");

-- AddForeignKey
ALTER TABLE "metric_samples" ADD CONSTRAINT "metric_samples_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "health_snapshots" ADD CONSTRAINT "health_snapshots_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_requests" ADD CONSTRAINT "contract_requests_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_events" ADD CONSTRAINT "contract_events_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "contract_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "outbox_messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;
