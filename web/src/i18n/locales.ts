/**
 * Translations, one file per feature area so that each area's strings live next to each other.
 * Every file's top-level keys are merged into one `translation` namespace; keys must not collide.
 */
import enAdmin from "./en/admin.json";
import enCommon from "./en/common.json";
import enHosts from "./en/hosts.json";
import enObservability from "./en/observability.json";
import enOps from "./en/ops.json";
import enResources from "./en/resources.json";
import zhAdmin from "./zh-CN/admin.json";
import zhCommon from "./zh-CN/common.json";
import zhHosts from "./zh-CN/hosts.json";
import zhObservability from "./zh-CN/observability.json";
import zhOps from "./zh-CN/ops.json";
import zhResources from "./zh-CN/resources.json";

export const en = { ...enCommon, ...enResources, ...enOps, ...enAdmin, ...enHosts, ...enObservability };
export const zhCN = { ...zhCommon, ...zhResources, ...zhOps, ...zhAdmin, ...zhHosts, ...zhObservability };
