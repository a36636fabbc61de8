package io.userbound.records.meta;

/** Default labels from API names: {@code AnnualRevenue} becomes "Annual Revenue", {@code Amount__c} "Amount". */
final class Labels {
    private Labels() {
    }

    static String fromApiName(String apiName) {
        String base = apiName.endsWith("__c") ? apiName.substring(0, apiName.length() - 3) : apiName;
        if (base.endsWith("Id") && base.length() > 2) {
            base = base.substring(0, base.length() - 2) + " ID";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (c == '_') {
                out.append(' ');
                continue;
            }
            if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(base.charAt(i - 1))) {
                out.append(' ');
            }
            out.append(c);
        }
        return out.toString().replace("  ", " ").trim();
    }
}
