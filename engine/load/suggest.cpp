#include "engine/load/suggest.hpp"

#include <algorithm>
#include <array>

namespace ps {

namespace {
constexpr std::size_t kMaxWord = 64;
constexpr int kFar = 1000;
}  // namespace

int edit_distance(std::string_view a, std::string_view b) {
    if (a.size() > kMaxWord || b.size() > kMaxWord) return kFar;
    // Three rows of the optimal-string-alignment table: two back for transpositions.
    std::array<int, kMaxWord + 1> before{}, prev{}, cur{};
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                best = std::min(best, before[j - 2] + 1);
            cur[j] = best;
        }
        before = prev;
        prev = cur;
    }
    return prev[b.size()];
}

std::optional<std::string> closest_word(std::string_view word,
                                        const std::vector<std::string_view>& candidates) {
    int allowed = word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : 3;
    int best = allowed + 1;
    std::optional<std::string> answer;
    for (std::string_view c : candidates) {
        if (c == word) continue;
        int d = edit_distance(word, c);
        if (d < best) {
            best = d;
            answer = std::string(c);
        }
    }
    return answer;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    auto c = closest_word(word, candidates);
    return c ? "; did you mean \"" + *c + "\"?" : std::string();
}

}  // namespace ps
