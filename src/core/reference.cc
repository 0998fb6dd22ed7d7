#include "core/reference.h"

namespace cobuy {

std::string_view CpvLevelName(CpvLevel level) {
  switch (level) {
    case CpvLevel::kDivision: return "division";
    case CpvLevel::kGroup: return "group";
    case CpvLevel::kClass: return "class";
    case CpvLevel::kCategory: return "category";
    case CpvLevel::kSubcategory: return "subcategory";
  }
  return "unknown";
}

}  // namespace cobuy
