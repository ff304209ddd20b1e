// Interned field labels. A label is a 32-bit id: list indices carry the index itself with the top
// bit set; every other label is an index into the table of names, so comparing and hashing labels
// never touches strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace forge::cue {

using label_t = std::uint32_t;

enum class label_class : std::uint8_t { regular, hidden, definition, hidden_definition, let, index };

inline constexpr label_t index_bit = 0x80000000u;
inline constexpr label_t no_label = 0x7fffffffu;

inline bool is_index(label_t l) noexcept { return (l & index_bit) != 0 && l != no_label; }
inline label_t index_label(std::uint32_t i) noexcept { return i | index_bit; }
inline std::uint32_t label_index(label_t l) noexcept { return l & ~index_bit; }

class label_table {
  public:
    label_table();
    label_t intern(std::string_view name);
    // A label private to one `let` declaration (never visible as a field).
    label_t make_let(std::string_view name);
    std::string_view name(label_t l) const;
    label_class cls(label_t l) const;
    std::string str(label_t l) const;  // index labels as decimal digits

  private:
    struct entry {
        std::string name;
        label_class cls;
    };
    std::vector<entry> names_;
    std::unordered_map<std::string, label_t> ids_;
};

// Regular fields are exported and subject to closedness; definitions are checked for closedness but
// never exported; hidden fields and lets are neither.
inline bool is_regular(label_class c) noexcept { return c == label_class::regular || c == label_class::index; }
inline bool is_definition(label_class c) noexcept {
    return c == label_class::definition || c == label_class::hidden_definition;
}

}  // namespace forge::cue
