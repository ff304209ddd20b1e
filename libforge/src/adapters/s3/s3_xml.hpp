// Just enough XML for S3's answers (ListObjectsV2, multipart uploads, error documents): the text of
// leaf elements by tag name, with entities decoded. S3 answers are flat and machine-written, so a
// scanner is enough; it never fails, it just finds nothing in text that is not what it expects.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forge::adapters::s3_xml {

// The decoded text of every <tag>...</tag> in document order (<tag/> gives "").
std::vector<std::string> all(std::string_view doc, std::string_view tag);
// The first one, if any.
std::optional<std::string> first(std::string_view doc, std::string_view tag);
// Decodes &lt; &gt; &amp; &quot; &apos; and numeric character references; unknown ones stay as they are.
std::string decode(std::string_view text);
// Escapes & < > " ' for element text.
std::string escape(std::string_view text);

}  // namespace forge::adapters::s3_xml
