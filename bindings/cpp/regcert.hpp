// regcert.hpp: a header-only C++17 wrapper of libregcert (regcert.h).
//
// Move-only RAII classes own the C handles; failures throw regcert::error,
// which carries the status and the API's error code. capi() hands the C
// handle out for calls the wrapper does not cover (the object keeps it).
//
//     regcert::client client(key);
//     regcert::record record = client.recognize_file("scan.jpg");
//     std::cout << record.json() << '\n';
//     if (auto vin = record.get("vin")) std::cout << *vin << '\n';
//
//     regcert::client offline = regcert::client::local();  // no key, no network
#ifndef REGCERT_HPP
#define REGCERT_HPP

#include <regcert.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace regcert {

/// A failed call: what() is "status text: detail", plus the status and,
/// for REGCERT_STATUS_API, the API's error_code (10001, 270903, ...).
class error : public std::runtime_error {
public:
    error(regcert_status status, std::int32_t api_code, const std::string &message)
        : std::runtime_error(message), status_(status), api_code_(api_code) {}

    /// The C status of the failure.
    [[nodiscard]] regcert_status status() const noexcept { return status_; }
    /// The API's error_code when status() is REGCERT_STATUS_API, else 0.
    [[nodiscard]] std::int32_t api_code() const noexcept { return api_code_; }

private:
    regcert_status status_;
    std::int32_t api_code_;
};

/// The library's version at run time ("0.1.0").
[[nodiscard]] inline std::string_view version() noexcept { return regcert_version(); }

/// The static text of a status ("timed out").
[[nodiscard]] inline std::string_view status_str(regcert_status status) noexcept {
    return regcert_status_str(status);
}

namespace detail {

/// Throws the error of this thread's last failed call, which returned `status`.
/// Its what() is the library's message, which already says what kind of
/// failure it is ("invalid image: ..."); the status text only when there is
/// no message.
[[noreturn]] inline void throw_last(regcert_status status) {
    const std::int32_t code = status == REGCERT_STATUS_API ? regcert_last_api_error_code() : 0;
    const char *message = regcert_last_error_message();
    throw error(status, code,
                message[0] != '\0' ? std::string(message) : std::string(regcert_status_str(status)));
}

inline void check(regcert_status status) {
    if (status != REGCERT_STATUS_OK) {
        throw_last(status);
    }
}

struct record_deleter {
    void operator()(regcert_record *record) const noexcept { regcert_record_free(record); }
};

struct client_deleter {
    void operator()(regcert_client *client) const noexcept { regcert_client_free(client); }
};

}  // namespace detail

/// A normalized certificate record. Move-only; a moved-from record holds
/// nothing and its getters throw REGCERT_STATUS_NULL_ARGUMENT.
class record {
public:
    /// Takes ownership of a record from the C API (NULL gives an empty record).
    explicit record(regcert_record *raw) noexcept : ptr_(raw) {}

    /// Reads one whole API response (regcert_parse_response).
    [[nodiscard]] static record parse(std::string_view response) {
        regcert_record *raw = nullptr;
        detail::check(regcert_parse_response(response.data(), response.size(), &raw));
        return record(raw);
    }

    /// The record JSON; the view lives as long as this record.
    [[nodiscard]] std::string_view json() const {
        const char *text = regcert_record_json(ptr_.get());
        if (text == nullptr) {
            detail::throw_last(REGCERT_STATUS_NULL_ARGUMENT);
        }
        return text;
    }

    /// A top-level field as text (regcert_record_get); std::nullopt when it
    /// is null. Throws REGCERT_STATUS_INVALID_ARGUMENT when `key` is not a
    /// field of the record.
    [[nodiscard]] std::optional<std::string> get(const std::string &key) const {
        const char *text = regcert_record_get(ptr_.get(), key.c_str());
        if (text != nullptr) {
            return std::string(text);
        }
        if (ptr_ == nullptr) {
            detail::throw_last(REGCERT_STATUS_NULL_ARGUMENT);
        }
        if (!regcert_record_has(ptr_.get(), key.c_str())) {
            detail::throw_last(REGCERT_STATUS_INVALID_ARGUMENT);
        }
        return std::nullopt;
    }

    /// Whether `key` is a top-level field of the record (null or not).
    [[nodiscard]] bool has(const std::string &key) const noexcept {
        return regcert_record_has(ptr_.get(), key.c_str());
    }

    /// The C handle, still owned by this object.
    [[nodiscard]] regcert_record *capi() const noexcept { return ptr_.get(); }

    /// Gives up ownership: the caller frees the handle with regcert_record_free().
    [[nodiscard]] regcert_record *release() noexcept { return ptr_.release(); }

private:
    std::unique_ptr<regcert_record, detail::record_deleter> ptr_;
};

/// A client of the recognition API. Move-only; one client may be used from
/// many threads at once, also while another thread changes its settings.
class client {
public:
    /// A client of the default service (regcert_client_new).
    explicit client(const std::string &key) : client(key, std::nullopt) {}

    /// A client of the service at `base_url` (std::nullopt: the default).
    client(const std::string &key, const std::optional<std::string> &base_url) {
        regcert_client *raw = nullptr;
        detail::check(
            regcert_client_new(key.c_str(), base_url ? base_url->c_str() : nullptr, &raw));
        ptr_.reset(raw);
    }

    /// A client of the offline engine (regcert_client_new_local): no key, no
    /// network. `models_dir` holds the models of `make models`; std::nullopt
    /// looks in $REGCERT_MODELS, then models/. Throws REGCERT_STATUS_MODELS
    /// when they are missing or unusable.
    [[nodiscard]] static client local(const std::optional<std::string> &models_dir = std::nullopt) {
        regcert_client *raw = nullptr;
        detail::check(regcert_client_new_local(models_dir ? models_dir->c_str() : nullptr, &raw));
        return client(adopt, raw);
    }

    /// The time one request may take (regcert_client_set_timeout_ms).
    void set_timeout(std::chrono::milliseconds timeout) {
        const auto ms = timeout.count();
        if (ms <= 0 || ms > static_cast<long long>(std::numeric_limits<std::uint32_t>::max())) {
            throw error(REGCERT_STATUS_INVALID_ARGUMENT, 0,
                        "invalid argument: the timeout must be 1 ms to 2^32-1 ms");
        }
        detail::check(regcert_client_set_timeout_ms(ptr_.get(), static_cast<std::uint32_t>(ms)));
    }

    /// How many attempts a recognition makes, the first included
    /// (regcert_client_set_retry_attempts).
    void set_retry_attempts(std::uint32_t attempts) {
        detail::check(regcert_client_set_retry_attempts(ptr_.get(), attempts));
    }

    /// Recognizes the image file at `path` (regcert_recognize_file).
    [[nodiscard]] record recognize_file(const std::string &path) const {
        regcert_record *raw = nullptr;
        detail::check(regcert_recognize_file(ptr_.get(), path.c_str(), &raw));
        return record(raw);
    }

    /// Recognizes `len` bytes of an image at `data` (regcert_recognize_bytes).
    [[nodiscard]] record recognize(const std::uint8_t *data, std::size_t len) const {
        regcert_record *raw = nullptr;
        detail::check(regcert_recognize_bytes(ptr_.get(), data, len, &raw));
        return record(raw);
    }

    /// Recognizes an image held in a vector.
    [[nodiscard]] record recognize(const std::vector<std::uint8_t> &image) const {
        return recognize(image.data(), image.size());
    }

    /// The C handle, still owned by this object.
    [[nodiscard]] regcert_client *capi() const noexcept { return ptr_.get(); }

private:
    struct adopt_t {};
    static constexpr adopt_t adopt{};
    client(adopt_t, regcert_client *raw) noexcept : ptr_(raw) {}

    std::unique_ptr<regcert_client, detail::client_deleter> ptr_;
};

}  // namespace regcert

#endif  // REGCERT_HPP
