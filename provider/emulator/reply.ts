export interface Reply {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
}

export function apiError(status: number, errorCode: string, errorMsg: string): Reply {
    return { status, body: { error_code: errorCode, error_msg: errorMsg } };
}
