#include "project/schemas.hpp"

namespace forge::project {

result<std::string_view> schema_file(std::string_view name) {
    std::string want(name);
    if (want.size() < 4 || want.compare(want.size() - 4, 4, ".cue") != 0) want += ".cue";
    std::string known;
    for (const auto &[file, text] : embedded_schema_files()) {
        if (file == want) return text;
        known += (known.empty() ? "" : ", ") + std::string(file.substr(0, file.size() - 4));
    }
    return make_error(status::not_found, "no schema named \"" + std::string(name) + "\" (known: " + known + ")");
}

std::string all_schemas() {
    std::string out;
    for (const auto &[file, text] : embedded_schema_files()) {
        if (!out.empty()) out += "\n";
        out += "// ---- " + std::string(file) + "\n";
        out += text;
    }
    return out;
}

}  // namespace forge::project
