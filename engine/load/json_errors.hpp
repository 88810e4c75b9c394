// Stable ids of every scenario-loading error. scenarios/README.md has the same table with an
// example message for each; keep the two in step. Ids are never reused for another meaning.
#pragma once

namespace ps::errid {

// I/O: the file could not be read at all.
inline constexpr const char* kNotFound = "scenario.io.101";     // no such file
inline constexpr const char* kIsDirectory = "scenario.io.102";  // the path is a directory
inline constexpr const char* kUnreadable = "scenario.io.103";   // permission denied, read error
inline constexpr const char* kNotRegular = "scenario.io.104";   // a FIFO, device or socket
inline constexpr const char* kProgramFile =
    "scenario.io.105";  // the "program" file cannot be read (missing, a directory, too large)
inline constexpr const char* kInternal = "scenario.io.199";  // an unexpected failure inside the loader

// Syntax: the text is not (valid, UTF-8) JSON.
inline constexpr const char* kEmpty = "scenario.syntax.201";       // empty or whitespace only
inline constexpr const char* kBinary = "scenario.syntax.202";      // NUL byte: a binary file
inline constexpr const char* kUtf8 = "scenario.syntax.203";        // invalid UTF-8
inline constexpr const char* kUnexpected = "scenario.syntax.204";  // unexpected character or token
inline constexpr const char* kEndOfFile = "scenario.syntax.205";   // the file ends too early
inline constexpr const char* kBadString =
    "scenario.syntax.206";  // unterminated string, bad escape, raw control character
inline constexpr const char* kBadNumber = "scenario.syntax.207";     // malformed or overflowing number
inline constexpr const char* kTrailing = "scenario.syntax.208";      // text after the top-level value
inline constexpr const char* kDuplicateKey = "scenario.syntax.209";  // a key twice in one object
inline constexpr const char* kParser =
    "scenario.syntax.299";  // nlohmann refused text the scanner accepted (a loader bug)

// Schema: valid JSON, but not the shape of a scenario.
inline constexpr const char* kTopLevel = "scenario.schema.301";    // the top level is not an object
inline constexpr const char* kFormat = "scenario.schema.302";      // "format" is not "pollscope-scenario/1"
inline constexpr const char* kMissingKey = "scenario.schema.303";  // a required key is missing
inline constexpr const char* kUnknownKey = "scenario.schema.304";  // a key the format does not know
inline constexpr const char* kWrongType = "scenario.schema.305";   // e.g. a number where a string belongs
inline constexpr const char* kDuration = "scenario.schema.306";    // not a duration string like "10ms"
inline constexpr const char* kRange = "scenario.schema.307";       // a number or duration out of its range
inline constexpr const char* kNotOneOf = "scenario.schema.308";    // not one of the allowed words
inline constexpr const char* kOpKind = "scenario.schema.309";      // an op with no kind key, or two
inline constexpr const char* kBadName =
    "scenario.schema.310";  // a task/resource name that breaks the pattern
inline constexpr const char* kEmptyList = "scenario.schema.311";  // a list that needs at least one entry
inline constexpr const char* kScriptEntry =
    "scenario.schema.312";  // an IO script entry without exactly one change
inline constexpr const char* kNotHere = "scenario.schema.313";  // a known key that does not apply here
inline constexpr const char* kWakeAfter =
    "scenario.schema.314";  // "wake_after" on a step that is not "store"
inline constexpr const char* kMustBeTrue = "scenario.schema.315";  // "closed"/"yield_now" take only true
inline constexpr const char* kNoteAnchor =
    "scenario.schema.316";  // a note needs exactly one of "step"/"when"
inline constexpr const char* kProgramAndTasks =
    "scenario.schema.318";  // both "program" and "tasks" (or "resources")
inline constexpr const char* kStepKind =
    "scenario.schema.317";  // a scripted step needs exactly one of "pending"/"ready"

// Semantic: well-formed, but the parts do not fit together.
inline constexpr const char* kUnknownResource = "scenario.semantic.401";
inline constexpr const char* kWrongResource = "scenario.semantic.402";  // "read" of a channel
inline constexpr const char* kUnknownTask = "scenario.semantic.403";
inline constexpr const char* kDuplicateTask = "scenario.semantic.404";
inline constexpr const char* kDuplicateResource = "scenario.semantic.405";
inline constexpr const char* kHandleNeverRuns =
    "scenario.semantic.406";  // join_handle of a task that never runs
inline constexpr const char* kTaskNeverRuns =
    "scenario.semantic.407";  // "start": false and nothing spawns it
inline constexpr const char* kNothingStarts = "scenario.semantic.408";    // no task has "start": true
inline constexpr const char* kScriptOrder = "scenario.semantic.409";      // IO script "at" going back in time
inline constexpr const char* kUnreachableStep = "scenario.semantic.410";  // a scripted step after Ready
inline constexpr const char* kScriptEnd =
    "scenario.semantic.411";  // a script that ends Pending without repeat_last
inline constexpr const char* kRepeatLast = "scenario.semantic.412";  // repeat_last whose last step is Ready

// Limits (LoadLimits): refuse hostile or runaway files before they cost memory or time.
inline constexpr const char* kFileSize = "scenario.limit.501";
inline constexpr const char* kDepth = "scenario.limit.502";
inline constexpr const char* kTasks = "scenario.limit.503";
inline constexpr const char* kOps = "scenario.limit.504";
inline constexpr const char* kResources = "scenario.limit.505";
inline constexpr const char* kScriptEvents = "scenario.limit.506";
inline constexpr const char* kNotes = "scenario.limit.507";
inline constexpr const char* kStringLength = "scenario.limit.508";
inline constexpr const char* kRepeatCount = "scenario.limit.509";
inline constexpr const char* kMaxEvents = "scenario.limit.510";
inline constexpr const char* kTooManyErrors =
    "scenario.limit.511";  // more than 20 errors: the rest are not shown

}  // namespace ps::errid
