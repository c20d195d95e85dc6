// Tests of every method of regcert.hpp against `regcert serve`; with
// --local, of the offline client on IMAGE (a committed certificate photo;
// run from the repository root, where models/ is).
//
// usage: test_regcert BASE_URL KEY TMPDIR
//        test_regcert --local IMAGE
#include "regcert.hpp"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>
#include <vector>

extern "C" {
#include "../../../tests/c/png.h"
}

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const char *what, int line) {
    if (ok) {
        passed++;
    } else {
        failed++;
        std::cerr << __FILE__ << ":" << line << ": CHECK failed: " << what << '\n';
    }
}

#define CHECK(cond) check((cond), #cond, __LINE__)

// Whether `message` says each thing once: no part before a ": " repeated
// ("invalid image: invalid image: ..." does not).
bool says_each_thing_once(const std::string &message) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = message.find(": ", start)) != std::string::npos; start = at + 2) {
        parts.push_back(message.substr(start, at - start));
    }
    parts.push_back(message.substr(start));
    for (std::size_t i = 0; i < parts.size(); i++) {
        for (std::size_t j = i + 1; j < parts.size(); j++) {
            if (parts[i] == parts[j] || parts[j].rfind(parts[i] + " ", 0) == 0) {
                return false;
            }
        }
    }
    return true;
}

// Runs `f`, which must throw regcert::error with `status` (and `api_code`).
template <typename F>
void check_throws(F f, regcert_status status, std::int32_t api_code, int line) {
    try {
        f();
        check(false, "no exception", line);
    } catch (const regcert::error &e) {
        check(e.status() == status, "status", line);
        check(e.api_code() == api_code, "api_code", line);
        check(std::strlen(e.what()) > 0, "what", line);
        check(says_each_thing_once(e.what()), e.what(), line);
    }
}

#define CHECK_THROWS(expr, status, code) check_throws([&] { (void)(expr); }, status, code, __LINE__)

const char SUCCESS[] =
    "{\"reason\":\"ok\",\"error_code\":0,\"result\":{\"orderid\":\"JH9\",\"res\":["
    "{\"desc\":\"车辆识别代号V车架号\",\"content\":\"lsvau2180n2183456\"},"
    "{\"desc\":\"总质量\",\"content\":\"1880kg\"},{\"desc\":\"轴数\",\"content\":\"-\"}]}}";

const std::vector<std::uint8_t> png(TEST_PNG, TEST_PNG + sizeof TEST_PNG);

static_assert(!std::is_copy_constructible_v<regcert::record>, "record is move-only");
static_assert(!std::is_copy_assignable_v<regcert::record>, "record is move-only");
static_assert(std::is_nothrow_move_constructible_v<regcert::record>, "record moves");
static_assert(!std::is_copy_constructible_v<regcert::client>, "client is move-only");
static_assert(std::is_nothrow_move_constructible_v<regcert::client>, "client moves");
static_assert(std::is_base_of_v<std::runtime_error, regcert::error>, "error is an exception");

void test_free_functions() {
    CHECK(regcert::version() == REGCERT_VERSION);
    CHECK(regcert::status_str(REGCERT_STATUS_OK) == "ok");
    CHECK(regcert::status_str(REGCERT_STATUS_TIMEOUT) == "timed out");
    CHECK(regcert::status_str(REGCERT_STATUS_MODELS) == "offline models missing or unusable");
    regcert::error e(REGCERT_STATUS_API, 10001, "boom");
    CHECK(e.status() == REGCERT_STATUS_API && e.api_code() == 10001 && std::string(e.what()) == "boom");
}

void test_record() {
    regcert::record record = regcert::record::parse(SUCCESS);
    CHECK(record.json().find("\"vin\":\"LSVAU2180N2183456\"") != std::string_view::npos);
    CHECK(record.get("vin") == std::optional<std::string>("LSVAU2180N2183456"));
    CHECK(record.get("gross_mass_kg") == std::optional<std::string>("1880"));
    CHECK(record.get("axle_count") == std::nullopt);
    CHECK(record.has("axle_count"));
    CHECK(!record.has("no_such_field"));
    CHECK_THROWS(record.get("no_such_field"), REGCERT_STATUS_INVALID_ARGUMENT, 0);
    CHECK(record.capi() != nullptr);
    CHECK(regcert_record_get(record.capi(), "order_id") == std::string("JH9"));

    // moves leave an empty record behind
    regcert::record moved(std::move(record));
    CHECK(record.capi() == nullptr);  // NOLINT(bugprone-use-after-move)
    CHECK_THROWS(record.json(), REGCERT_STATUS_NULL_ARGUMENT, 0);
    CHECK_THROWS(record.get("vin"), REGCERT_STATUS_NULL_ARGUMENT, 0);
    CHECK(!record.has("vin"));
    regcert::record assigned(nullptr);
    assigned = std::move(moved);
    CHECK(assigned.get("vin").has_value());

    // release hands the handle over
    regcert_record *raw = assigned.release();
    CHECK(raw != nullptr && assigned.capi() == nullptr);
    regcert::record adopted(raw);
    CHECK(adopted.capi() == raw);

    CHECK_THROWS(regcert::record::parse("{\"error_code\":10012,\"reason\":\"\",\"result\":null}"),
                 REGCERT_STATUS_API, 10012);
    CHECK_THROWS(regcert::record::parse("{not json"), REGCERT_STATUS_DECODE, 0);
    CHECK_THROWS(regcert::record::parse(std::string_view("\xff\xfe", 2)), REGCERT_STATUS_INVALID_UTF8, 0);
    // a string_view need not be NUL-terminated
    std::string twice = std::string(SUCCESS) + "garbage";
    CHECK(regcert::record::parse(std::string_view(twice).substr(0, sizeof SUCCESS - 1)).has("vin"));
}

void test_client(const std::string &url, const std::string &key, const std::string &tmpdir) {
    regcert::client client(key, url);
    CHECK(client.capi() != nullptr);

    regcert::record from_vector = client.recognize(png);
    CHECK(from_vector.get("vin").has_value());
    regcert::record from_pointer = client.recognize(png.data(), png.size());
    CHECK(from_pointer.get("plate_number") == from_vector.get("plate_number"));

    const std::string path = tmpdir + "/cpp-scan.png";
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(png.data()),
                                                static_cast<std::streamsize>(png.size()));
    CHECK(client.recognize_file(path).get("order_id")->rfind("JH", 0) == 0);
    CHECK_THROWS(client.recognize_file(tmpdir + "/missing.png"), REGCERT_STATUS_IO, 0);
    CHECK_THROWS(client.recognize(std::vector<std::uint8_t>{}), REGCERT_STATUS_INVALID_IMAGE, 0);

    client.set_timeout(std::chrono::milliseconds(5000));
    client.set_retry_attempts(2);
    CHECK_THROWS(client.set_timeout(std::chrono::milliseconds(0)), REGCERT_STATUS_INVALID_ARGUMENT, 0);
    CHECK_THROWS(client.set_timeout(std::chrono::hours(24 * 365)), REGCERT_STATUS_INVALID_ARGUMENT, 0);
    CHECK_THROWS(client.set_retry_attempts(0), REGCERT_STATUS_INVALID_ARGUMENT, 0);

    // the capi() escape hatch reaches the C functions
    CHECK(regcert_client_set_timeout_ms(client.capi(), 4000) == REGCERT_STATUS_OK);

    // one client, many threads
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; i++) {
        threads.emplace_back([&] {
            if (client.recognize(png).has("vin")) ok++;
        });
    }
    for (auto &t : threads) t.join();
    CHECK(ok == 4);

    // moved-from client
    regcert::client moved(std::move(client));
    CHECK(client.capi() == nullptr);  // NOLINT(bugprone-use-after-move)
    CHECK_THROWS(client.recognize(png), REGCERT_STATUS_NULL_ARGUMENT, 0);
    CHECK(moved.recognize(png).has("vin"));

    regcert::client wrong("wrong-key-for-cpp", url);
    CHECK_THROWS(wrong.recognize(png), REGCERT_STATUS_API, 10001);
    CHECK_THROWS(regcert::client(""), REGCERT_STATUS_INVALID_ARGUMENT, 0);
    CHECK_THROWS(regcert::client(key, std::string("not a url")), REGCERT_STATUS_INVALID_ARGUMENT, 0);
    regcert::client default_service(key);
    CHECK(default_service.capi() != nullptr);
}

void test_local(const std::string &image) {
    CHECK_THROWS(regcert::client::local(std::string("/nonexistent/regcert-models")),
                 REGCERT_STATUS_MODELS, 0);
    const regcert::client client = regcert::client::local();
    const regcert::record record = client.recognize_file(image);
    CHECK(record.get("vin") == std::optional<std::string>("LSLAB2C12KA000101"));
    CHECK(record.get("confidence")->find("\"vin\":") != std::string::npos);
    CHECK_THROWS(client.recognize(std::vector<std::uint8_t>{}), REGCERT_STATUS_INVALID_IMAGE, 0);
}

}  // namespace

int main(int argc, char **argv) {
    if (argc == 3 && std::string(argv[1]) == "--local") {
        test_local(argv[2]);
    } else if (argc == 4) {
        test_free_functions();
        test_record();
        test_client(argv[1], argv[2], argv[3]);
    } else {
        std::cerr << "usage: " << argv[0] << " BASE_URL KEY TMPDIR\n"
                  << "       " << argv[0] << " --local IMAGE\n";
        return 2;
    }
    std::cout << "test_regcert: " << passed << " passed, " << failed << " failed" << std::endl;
    return failed == 0 ? 0 : 1;
}
