// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "survey",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "survey", targets: ["survey"]),
        .executable(name: "survey-fuzz", targets: ["survey-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        /// libwebsockets (Debian's libwebsockets-dev) with a small C shim for macros Swift cannot import.
        .systemLibrary(
            name: "CLws",
            pkgConfig: "libwebsockets",
            providers: [.apt(["libwebsockets-dev"])]
        ),
        /// libxlsxwriter (Debian's libxlsxwriter-dev), for the Excel report.
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        /// libqrencode (Debian's libqrencode-dev), for the QR codes of invitation letters.
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        /// Invitation letters with QR codes of personal links.
        .target(
            name: "SurveyLetters",
            dependencies: ["CQREncode", "SurveyCore", "SurveyReports"]
        ),
        /// The domain core: plain Swift, no C, no I/O. Model, Hub, Findings (tallies, register,
        /// workflow) and Wire (the WebSocket protocol's messages).
        .target(
            name: "SurveyCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),
        /// The office's files: surveys, office profile, review items, holidays, roster, units and links
        /// sheets, loaded and checked with every problem named.
        .target(
            name: "SurveyFiles",
            dependencies: [
                "SurveyCore", "SurveyAPI", .product(name: "Yams", package: "Yams"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        /// The admin API's request, reply and error types, shared by the server and the CLI.
        .target(
            name: "SurveyAPI",
            dependencies: ["SurveyCore"]
        ),
        /// The sample dataset, the demo roster and the reading time taken from sample answer paths.
        .target(
            name: "SurveySamples",
            dependencies: ["SurveyCore"]
        ),
        /// The report's data and its renderings: text, HTML, CSV, Excel (libxlsxwriter) and Word
        /// (WordprocessingML zipped with ZIPFoundation).
        .target(
            name: "SurveyReports",
            dependencies: ["CXlsxWriter", "SurveyCore", "SurveyFiles", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        /// libpq (Debian's libpq-dev), PostgreSQL's client library.
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        /// Storage behind one SQL layer: SQLite through GRDB (the default) or PostgreSQL through libpq,
        /// with the group-commit writer.
        .target(
            name: "SurveyStore",
            dependencies: [
                "CPostgres", "SurveyCore", "SurveyAPI", "SurveyFiles",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        /// The libwebsockets transport: HTTP, static files, admin API and WebSocket on one port.
        .target(
            name: "SurveyServer",
            dependencies: [
                "CLws", "LwsSupport", "SurveyCore", "SurveyAPI", "SurveyFiles", "SurveyReports", "SurveySamples", "SurveyStore",
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        /// Small helpers shared by the lws server and the lws client.
        .target(
            name: "LwsSupport",
            dependencies: ["CLws"]
        ),
        /// `survey simulate`: many supervisors over libwebsockets' client API.
        .target(
            name: "SurveySimulator",
            dependencies: [
                "CLws", "LwsSupport", "SurveyCore", "SurveySamples",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        /// The fuzz target: every decoder of untrusted bytes, for libFuzzer and for corpus replay.
        .target(
            name: "SurveyFuzzing",
            dependencies: ["SurveyCore", "SurveyFiles"]
        ),
        /// `make bench`'s fan-out receiver: raw WebSocket clients on epoll that only count bytes.
        .executableTarget(
            name: "survey-loadgen",
            dependencies: ["CEpoll", "LwsSupport", "SurveyCore", "SurveyFiles"]
        ),
        /// epoll's header, which Swift's Glibc module leaves out.
        .systemLibrary(name: "CEpoll"),
        .executableTarget(
            name: "survey-fuzz",
            dependencies: ["SurveyFuzzing"]
        ),
        .executableTarget(
            name: "survey",
            dependencies: [
                "LwsSupport", "SurveyCore", "SurveyAPI", "SurveyFiles", "SurveyReports", "SurveySamples", "SurveyStore", "SurveyServer",
                "SurveyLetters", "SurveySimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SurveyCoreTests",
            dependencies: ["SurveyCore", "SurveyAPI", "SurveyFiles", "SurveyReports", "SurveySamples", "SurveyFuzzing"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "SurveyCLITests",
            dependencies: ["survey"]
        ),
        .testTarget(
            name: "SurveyIntegrationTests",
            dependencies: [
                "SurveyCore", "SurveyAPI", "SurveyFiles", "SurveySamples", "SurveyStore", "SurveyServer",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
