-- Spin Spotter on PostgreSQL, schema 1.
--
-- Each record keeps its whole pydantic dump in ``doc`` (JSONB: it reads back
-- exactly what was written); the columns beside it are the keys the rules and
-- the queries need, so the rules are the database's own: unique join codes,
-- one nickname per class, one attempt per id, a student's attempts deleted
-- with them. Every query the app and the reports make has its index.

CREATE TABLE excerpts (
    excerpt_id   text        NOT NULL,
    version      integer     NOT NULL CHECK (version >= 1),
    content_hash text        NOT NULL,
    doc          jsonb       NOT NULL,          -- the StoredExcerpt: text and answer key
    PRIMARY KEY (excerpt_id, version)
);

CREATE TABLE drafts (
    excerpt_id text  PRIMARY KEY,               -- an id is one author's draft at a time
    author_id  text  NOT NULL,
    doc        jsonb NOT NULL                   -- the ExcerptDraft
);
CREATE INDEX drafts_by_author ON drafts (author_id, excerpt_id);

CREATE TABLE teachers (
    id       text  PRIMARY KEY,
    name_key text  NOT NULL UNIQUE,             -- the name stripped and casefolded
    doc      jsonb NOT NULL
);

CREATE TABLE teacher_sessions (
    id         text        PRIMARY KEY,         -- SHA-256 of the cookie token
    teacher_id text        NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    doc        jsonb       NOT NULL
);
CREATE INDEX sessions_by_teacher ON teacher_sessions (teacher_id);
CREATE INDEX sessions_by_expiry ON teacher_sessions (expires_at);

-- The first-run setup code: at most one row, deleted when a teacher is added.
CREATE TABLE setup_code (
    only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
    code     text    NOT NULL
);

CREATE TABLE classes (
    id         text        PRIMARY KEY,
    teacher_id text        NOT NULL REFERENCES teachers (id),  -- handed over, never orphaned
    code       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    doc        jsonb       NOT NULL
);
CREATE INDEX classes_by_teacher ON classes (teacher_id, created_at);
CREATE INDEX classes_by_age ON classes (created_at);

CREATE TABLE students (
    id           text   PRIMARY KEY,
    class_id     text   REFERENCES classes (id),  -- NULL: a self-guided learner
    nickname_key text   NOT NULL,                 -- case and extra spaces ignored
    joined       bigint GENERATED ALWAYS AS IDENTITY,  -- joining order
    doc          jsonb  NOT NULL,
    -- NULLs are distinct: self-guided learners may share a nickname.
    UNIQUE (class_id, nickname_key)
);
CREATE INDEX students_by_class ON students (class_id, joined);

CREATE TABLE assignments (
    id         text        PRIMARY KEY,
    class_id   text        NOT NULL REFERENCES classes (id),
    title_key  text        NOT NULL,              -- the title casefolded
    deleted    boolean     NOT NULL,
    created_at timestamptz NOT NULL,
    doc        jsonb       NOT NULL
);
CREATE INDEX assignments_by_class ON assignments (class_id, created_at);
-- Titles are unique among a class's assignments that are not deleted.
CREATE UNIQUE INDEX assignments_live_title ON assignments (class_id, title_key) WHERE NOT deleted;

CREATE TABLE attempts (
    id              text        PRIMARY KEY,      -- recording an id twice keeps the first
    student_id      text        NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    class_id        text        REFERENCES classes (id),
    assignment_id   text        REFERENCES assignments (id),
    excerpt_id      text        NOT NULL,
    excerpt_version integer     NOT NULL,
    mode            text        NOT NULL CHECK (mode IN ('practice', 'class')),
    submitted_at    timestamptz NOT NULL,
    recorded        bigint      GENERATED ALWAYS AS IDENTITY,  -- breaks ties of submitted_at
    doc             jsonb       NOT NULL,         -- marks, figures, score
    FOREIGN KEY (excerpt_id, excerpt_version) REFERENCES excerpts (excerpt_id, version),
    CHECK ((mode = 'class') = (class_id IS NOT NULL))
);
CREATE INDEX attempts_by_student ON attempts (student_id, submitted_at, recorded);
CREATE INDEX attempts_by_class ON attempts (class_id, submitted_at, recorded)
    WHERE class_id IS NOT NULL;
CREATE INDEX attempts_by_assignment ON attempts (assignment_id, submitted_at, recorded)
    WHERE assignment_id IS NOT NULL;
