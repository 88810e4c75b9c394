// "Did you mean ...?": the closest known word to a misspelt one.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ps {

// Levenshtein distance (insert, delete, substitute, each cost 1), with adjacent swaps
// counted as one edit ("slepe" -> "sleep" is 1). Inputs longer than 64 bytes return a
// large distance at once: names are short and this keeps hostile input cheap.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo:
// at most 1 edit for words of up to 4 bytes, 2 up to 8 bytes, 3 beyond. Ties go to the
// earlier candidate, so the answer does not depend on anything but the list order.
std::optional<std::string> closest_word(std::string_view word,
                                        const std::vector<std::string_view>& candidates);

// "; did you mean \"sleep\"?" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace ps
