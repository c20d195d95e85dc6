// recognize: prints the record JSON of each certificate image (C++ wrapper).
//
// usage: recognize KEY BASE_URL IMAGE...   (BASE_URL "-": the default service)
#include "regcert.hpp"

#include <iostream>
#include <optional>
#include <string>

int main(int argc, char **argv) {
    if (argc < 4) {
        std::cerr << "usage: " << argv[0] << " KEY BASE_URL IMAGE...\n";
        return 2;
    }
    const std::string url = argv[2];
    try {
        const regcert::client client(argv[1], url == "-" ? std::nullopt : std::optional(url));
        int failures = 0;
        for (int i = 3; i < argc; i++) {
            try {
                const regcert::record record = client.recognize_file(argv[i]);
                std::cout << record.json() << '\n';
            } catch (const regcert::error &e) {
                std::cerr << argv[i] << ": error (status " << e.status() << ", api code "
                          << e.api_code() << "): " << e.what() << '\n';
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    } catch (const regcert::error &e) {
        std::cerr << "error (status " << e.status() << "): " << e.what() << '\n';
        return 2;
    }
}
