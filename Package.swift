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
        /// Writes the report as an Excel workbook.
        .target(
            name: "SurveyXLSX",
            dependencies: ["CXlsxWriter", "SurveyCore"]
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
            dependencies: ["CQREncode", "SurveyCore"]
        ),
        /// Writes the report as a Word document (WordprocessingML, zipped with ZIPFoundation).
        .target(
            name: "SurveyDocx",
            dependencies: ["SurveyCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        /// The domain core: plain Swift, no C, no I/O.
        .target(
            name: "SurveyCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// SQLite storage through GRDB, with the group-commit writer.
        .target(
            name: "SurveyStore",
            dependencies: [
                "SurveyCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        /// The libwebsockets transport: HTTP, static files, admin API and WebSocket on one port.
        .target(
            name: "SurveyServer",
            dependencies: [
                "CLws", "LwsSupport", "SurveyCore", "SurveyStore",
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
                "CLws", "LwsSupport", "SurveyCore",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        /// The fuzz target: every decoder of untrusted bytes, for libFuzzer and for corpus replay.
        .target(
            name: "SurveyFuzzing",
            dependencies: ["SurveyCore"]
        ),
        /// `make bench`'s fan-out receiver: raw WebSocket clients on epoll that only count bytes.
        .executableTarget(
            name: "survey-loadgen",
            dependencies: ["CEpoll", "LwsSupport", "SurveyCore"]
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
                "LwsSupport", "SurveyCore", "SurveyStore", "SurveyServer", "SurveyXLSX", "SurveyDocx", "SurveyLetters", "SurveySimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SurveyCoreTests",
            dependencies: ["SurveyCore", "SurveyFuzzing"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "SurveyCLITests",
            dependencies: ["survey"]
        ),
        .testTarget(
            name: "SurveyIntegrationTests",
            dependencies: [
                "SurveyCore", "SurveyStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
