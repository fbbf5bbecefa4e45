// The `akira` host module apps import (docs/http-api.md): log, time_ms, sleep_ms and the
// display (display_width/height/blit/present, gated by the manifest's "display"
// capability). Each function counts as a host call in akira_perf, and those that may be
// called in a loop return the "interrupted" trap once the app is asked to stop.
#pragma once
#include "runtime/instantiate.h"
#include "service/app.h"

namespace akira::service {

// Defines module "akira" in `linker`; `display`: the app may use the display.
void link_akira_module(AppManager::App& app, bool display, Linker& linker, Store& store);

}  // namespace akira::service
