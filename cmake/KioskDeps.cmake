# Every outside library, found once, through pkg-config, as an imported target
# named PkgConfig::<NAME>. Parts link what they need.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SDL2      REQUIRED IMPORTED_TARGET sdl2)
pkg_check_modules(SDL2_TTF  REQUIRED IMPORTED_TARGET SDL2_ttf)
pkg_check_modules(SDL2_IMAGE REQUIRED IMPORTED_TARGET SDL2_image)
pkg_check_modules(QRENCODE  REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(ZBAR      REQUIRED IMPORTED_TARGET zbar)
pkg_check_modules(PCSC      REQUIRED IMPORTED_TARGET libpcsclite)
pkg_check_modules(OPENSSL   REQUIRED IMPORTED_TARGET openssl)
pkg_check_modules(CURL      REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(SQLITE3   REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(JANSSON   REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(INIH      REQUIRED IMPORTED_TARGET inih)
# ICU: line breaking (UAX #14 with the Khmer dictionary) for the UI.
pkg_check_modules(ICU_UC    REQUIRED IMPORTED_TARGET icu-uc)
if(KIOSK_TESTS)
  pkg_check_modules(CMOCKA  REQUIRED IMPORTED_TARGET cmocka)
endif()
# libunistring (NFC normalisation) ships no .pc file in Debian 12.
find_library(UNISTRING_LIBRARY NAMES unistring REQUIRED)
find_path(UNISTRING_INCLUDE_DIR NAMES uninorm.h REQUIRED)
add_library(Unistring::Unistring UNKNOWN IMPORTED)
set_target_properties(Unistring::Unistring PROPERTIES
  IMPORTED_LOCATION ${UNISTRING_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${UNISTRING_INCLUDE_DIR})
